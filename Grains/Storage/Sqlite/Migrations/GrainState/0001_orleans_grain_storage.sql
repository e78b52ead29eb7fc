-- Grain state for Orleans' ADO.NET grain storage provider, in the same file as the messages.
-- The provider loads its statements from OrleansQuery at silo start; the table and column
-- names below are this project's own, only OrleansQuery(QueryKey, QueryText), the query keys,
-- the parameter names and the result column names are the provider's contract.

CREATE TABLE OrleansQuery (
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

-- A grain is identified by service, type and key. A key without extension is stored with ''
-- so that the primary key (and the upsert's conflict target) treats it as a value.
CREATE TABLE orleans_grain_state (
    service_id     TEXT    NOT NULL,
    grain_type     TEXT    NOT NULL,
    grain_id_n0    INTEGER NOT NULL,
    grain_id_n1    INTEGER NOT NULL,
    grain_id_ext   TEXT    NOT NULL,
    payload        BLOB    NULL,               -- NULL after ClearState
    version        INTEGER NOT NULL,           -- the ETag
    modified_at_ms INTEGER NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext)
) WITHOUT ROWID;

-- Write and clear always return exactly one row: the new version when the optimistic check
-- passed, NULL when it did not. Every provider version reads a NULL as a conflict; some older
-- ones took "no row at all" for success when the grain already had an ETag.
-- changes() is the number of rows the statement just before it touched (0 or 1); on success the
-- stored version is the grain's version + 1 (1 for a first write).

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT payload AS PayloadBinary, version AS Version
FROM orleans_grain_state
WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = coalesce(@GrainIdExtensionString, '''');
');

-- Insert only for a grain that has never been written (no ETag); otherwise the row must exist
-- and hold the grain's version. A grain without ETag that finds a row lost a race: the DO
-- UPDATE condition (version = NULL) is false, nothing changes, the provider sees a conflict.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
INSERT INTO orleans_grain_state
    (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, payload, version, modified_at_ms)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, coalesce(@GrainIdExtensionString, ''''),
       @PayloadBinary, 1, CAST(unixepoch(''subsec'') * 1000 AS INTEGER)
WHERE @GrainStateVersion IS NULL OR EXISTS (
    SELECT 1 FROM orleans_grain_state
    WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_ext = coalesce(@GrainIdExtensionString, ''''))
ON CONFLICT (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext) DO UPDATE
SET payload = excluded.payload, version = version + 1, modified_at_ms = excluded.modified_at_ms
WHERE version = @GrainStateVersion;
SELECT CASE changes() WHEN 0 THEN NULL ELSE coalesce(@GrainStateVersion, 0) + 1 END AS NewGrainStateVersion;
');

-- Clearing keeps the row (payload NULL) so the version keeps counting and a stale activation
-- that still holds the old ETag cannot write afterwards.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE orleans_grain_state
SET payload = NULL, version = version + 1, modified_at_ms = CAST(unixepoch(''subsec'') * 1000 AS INTEGER)
WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = coalesce(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion;
SELECT CASE changes() WHEN 0 THEN NULL ELSE coalesce(@GrainStateVersion, 0) + 1 END AS NewGrainStateVersion;
');

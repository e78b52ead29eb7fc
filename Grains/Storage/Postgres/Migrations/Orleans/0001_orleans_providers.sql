-- Tables and queries for Orleans' ADO.NET providers (invariant "Npgsql"): clustering, grain
-- persistence and reminders. The providers ship no SQL; at start-up they read their statements
-- from OrleansQuery. Only the OrleansQuery table, the query keys, the parameter names (@Name)
-- and the result column names are the providers' contract; the tables behind them are ours.
--
-- Every query is one statement. A statement runs in one snapshot and is atomic on its own, so
-- the conditional writes below need no BEGIN/COMMIT inside the query text and cannot be left
-- half done. Result columns are quoted because the providers read them by their mixed-case
-- names; OrleansQuery itself is left unquoted, as the providers name it unquoted.

CREATE TABLE OrleansQuery (
    QueryKey  text NOT NULL PRIMARY KEY,
    QueryText text NOT NULL
);

------------------------------------------------------------------------------------------------
-- Clustering
------------------------------------------------------------------------------------------------

-- One row per cluster (the providers call it deployment): the membership table's version, which
-- every membership write checks and moves on, so that a silo acting on a stale view of the
-- cluster is refused.
CREATE TABLE orleans_membership_version (
    deployment_id text        NOT NULL PRIMARY KEY,
    version       integer     NOT NULL,
    modified_at   timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation. Removing a cluster's version row removes its silos with it.
CREATE TABLE orleans_membership (
    deployment_id   text        NOT NULL REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,      -- Orleans' SiloStatus: 3 Active, 6 Dead
    proxy_port      integer     NOT NULL,      -- gateway port, 0 when the silo is no gateway
    suspect_times   text        NULL,          -- "silo,time|silo,time", as the provider formats it
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans_membership_version (deployment_id, version) VALUES (@DeploymentId, 0)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM created)
$q$);

-- A silo's row under the names the provider reads.
CREATE VIEW orleans_membership_entry AS
SELECT deployment_id,
       address AS "Address", port AS "Port", generation AS "Generation",
       silo_name AS "SiloName", host_name AS "HostName", status AS "Status",
       proxy_port AS "ProxyPort", suspect_times AS "SuspectTimes",
       start_time AS "StartTime", i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership;

-- The reads start from the version row, so that a cluster without silos still answers one row
-- (members NULL): that is how the provider learns the version of an empty table. Version and
-- rows come from one statement, hence one snapshot.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadAllKey', $q$
SELECT v.version AS "Version", e.*
FROM orleans_membership_version v
LEFT JOIN orleans_membership_entry e ON e.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$q$);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadRowKey', $q$
SELECT v.version AS "Version", e.*
FROM orleans_membership_version v
LEFT JOIN orleans_membership_entry e
       ON e.deployment_id = v.deployment_id
      AND e."Address" = @Address AND e."Port" = @Port AND e."Generation" = @Generation
WHERE v.deployment_id = @DeploymentId
$q$);

-- @Version is the table version the silo read. The version row is locked first (FOR UPDATE):
-- a concurrent writer that got there before makes the lock wait, and the re-checked condition
-- (version = @Version) then fails, so nothing is inserted. The new silo's row and the version's
-- step are one statement: both happen or neither. The answer is true only if both did.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipKey', $q$
WITH expected AS (
    SELECT deployment_id FROM orleans_membership_version
    WHERE deployment_id = @DeploymentId AND version = @Version
    FOR UPDATE),
inserted AS (
    INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name,
                                    status, proxy_port, suspect_times, start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName,
           @Status, @ProxyPort, NULL, @StartTime, @IAmAliveTime
    FROM expected
    ON CONFLICT (deployment_id, address, port, generation) DO NOTHING
    RETURNING deployment_id),
stepped AS (
    UPDATE orleans_membership_version v SET version = v.version + 1, modified_at = now()
    FROM inserted i WHERE v.deployment_id = i.deployment_id
    RETURNING 1)
SELECT count(*) = 1 FROM stepped
$q$);

-- The same optimistic check as the insert. The heartbeat never moves back: a membership write
-- may carry an IAmAliveTime older than a heartbeat that reached the row just before it.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateMembershipKey', $q$
WITH expected AS (
    SELECT deployment_id FROM orleans_membership_version
    WHERE deployment_id = @DeploymentId AND version = @Version
    FOR UPDATE),
updated AS (
    UPDATE orleans_membership m
    SET status = @Status, suspect_times = @SuspectTimes,
        i_am_alive_time = greatest(m.i_am_alive_time, @IAmAliveTime)
    FROM expected e
    WHERE m.deployment_id = e.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING m.deployment_id),
stepped AS (
    UPDATE orleans_membership_version v SET version = v.version + 1, modified_at = now()
    FROM updated u WHERE v.deployment_id = u.deployment_id
    RETURNING 1)
SELECT count(*) = 1 FROM stepped
$q$);

-- A heartbeat is the silo's own business: it does not change the table version, so it never
-- invalidates another silo's membership write.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership SET i_am_alive_time = greatest(i_am_alive_time, @IAmAliveTime)
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$);

-- Clients find gateways here: active silos that listen for clients.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId
$q$);

-- Older providers: every dead silo that was last alive before the cut-off.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = 6
  AND i_am_alive_time < @IAmAliveTime AND start_time < @IAmAliveTime
$q$);

-- Newer providers read the table, pick the dead silos past the cut-off themselves and delete each
-- one only if its row is still exactly as they read it, so a row changed meanwhile survives.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = 6
  AND address = @Address AND port = @Port AND generation = @Generation
  AND start_time = @StartTime AND i_am_alive_time = @IAmAliveTime
  AND suspect_times IS NOT DISTINCT FROM @SuspectTimes
$q$);

------------------------------------------------------------------------------------------------
-- Grain persistence
------------------------------------------------------------------------------------------------

-- A grain is identified by service, type and key. A key without extension is stored with '' so
-- that the primary key, and the upsert's conflict target, treats it as a value. The hashes the
-- provider also sends are not needed: the primary key finds the row.
CREATE TABLE orleans_grain_state (
    service_id   text        NOT NULL,
    grain_type   text        NOT NULL,
    grain_id_n0  bigint      NOT NULL,
    grain_id_n1  bigint      NOT NULL,
    grain_id_ext text        NOT NULL,
    payload      bytea       NULL,             -- NULL after ClearState
    version      integer     NOT NULL,         -- the ETag
    modified_at  timestamptz NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM orleans_grain_state
WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = coalesce(@GrainIdExtensionString, '')
$q$);

-- Insert only for a grain that has never been written (no ETag); otherwise the row must exist
-- and hold the grain's version. A grain without ETag that finds a row lost a race: the DO UPDATE
-- condition (version = NULL) is false, nothing changes. Write and clear always answer exactly one
-- row: the new version when the check passed, NULL when it did not, which the provider reports
-- as a conflict.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', $q$
WITH written AS (
    INSERT INTO orleans_grain_state AS s
        (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, payload, version, modified_at)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, coalesce(@GrainIdExtensionString, ''),
           @PayloadBinary, 1, now()
    WHERE @GrainStateVersion IS NULL OR EXISTS (
        SELECT 1 FROM orleans_grain_state
        WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
          AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
          AND grain_id_ext = coalesce(@GrainIdExtensionString, ''))
    ON CONFLICT (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext) DO UPDATE
    SET payload = excluded.payload, version = s.version + 1, modified_at = excluded.modified_at
    WHERE s.version = @GrainStateVersion
    RETURNING s.version)
SELECT (SELECT version FROM written) AS "NewGrainStateVersion"
$q$);

-- Clearing keeps the row (payload NULL) so the version keeps counting and a stale activation
-- that still holds the old ETag cannot write afterwards.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', $q$
WITH cleared AS (
    UPDATE orleans_grain_state
    SET payload = NULL, version = version + 1, modified_at = now()
    WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_ext = coalesce(@GrainIdExtensionString, '')
      AND version = @GrainStateVersion
    RETURNING version)
SELECT (SELECT version FROM cleared) AS "NewGrainStateVersion"
$q$);

------------------------------------------------------------------------------------------------
-- Reminders
------------------------------------------------------------------------------------------------

-- grain_hash is the grain's uniform hash as a signed integer: each silo's reminder service reads
-- the reminders of its share of the hash ring, a range on reminder_by_hash.
CREATE TABLE orleans_reminder (
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,        -- the ETag
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX orleans_reminder_by_hash ON orleans_reminder (service_id, grain_hash);

-- A reminder under the names the provider reads.
CREATE VIEW orleans_reminder_entry AS
SELECT service_id, grain_hash,
       grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminder;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', $q$
SELECT * FROM orleans_reminder_entry WHERE service_id = @ServiceId AND "GrainId" = @GrainId
$q$);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', $q$
SELECT * FROM orleans_reminder_entry
WHERE service_id = @ServiceId AND "GrainId" = @GrainId AND "ReminderName" = @ReminderName
$q$);

-- A ring range (begin, end]: key 1 when it does not wrap (begin < end as signed integers) ...
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', $q$
SELECT * FROM orleans_reminder_entry
WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
$q$);

-- ... key 2 when it wraps around the end of the ring.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', $q$
SELECT * FROM orleans_reminder_entry
WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
$q$);

-- Registering again replaces the schedule and gives the reminder a new ETag.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminder AS r
    (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = excluded.start_time, period_ms = excluded.period_ms,
    grain_hash = excluded.grain_hash, version = r.version + 1
RETURNING r.version AS "Version"
$q$);

-- Only the holder of the current ETag may remove a reminder; the answer says whether it did.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', $q$
WITH removed AS (
    DELETE FROM orleans_reminder
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
      AND version = @Version
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM removed)
$q$);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminder WHERE service_id = @ServiceId
$q$);

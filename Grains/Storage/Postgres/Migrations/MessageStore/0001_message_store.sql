-- The message store on PostgreSQL: the same tables, columns and meanings as the SQLite store
-- after its migrations 1 and 2 (messages, user sync logs, read positions, delivery tracking).
--
-- Ids are compared byte by byte (COLLATE "C"): they are opaque keys, not words. That makes
-- their indexes cheaper than a linguistic collation, and it pages undelivered conversations and
-- orders read positions exactly as SQLite's BINARY collation does, whatever locale the database
-- was created with.
--
-- A table's primary key is the access path of its reads: one conversation's messages are one
-- range of message_pkey in seq order, so history pages in both directions, the last seq and the
-- recent send keys need no index of their own to maintain on every send.

CREATE TABLE message (
    conversation_id   text    COLLATE "C" NOT NULL,
    seq               bigint  NOT NULL,
    sender_id         text    COLLATE "C" NOT NULL,
    client_message_id text    NOT NULL,
    sent_at_ms        bigint  NOT NULL,
    -- JSON of MessageBody, kept as the text that was written: jsonb would reorder the keys and
    -- move the "$k" discriminator the reader expects first. NULL once recalled.
    body              text    NULL,
    edited_at_ms      bigint  NOT NULL DEFAULT 0,
    recalled          boolean NOT NULL DEFAULT false,
    recalled_by_seq   bigint  NOT NULL DEFAULT 0,   -- seq of the recall notice, 0 = not recalled
    counts_unread     boolean NOT NULL,             -- MessageBody.CountsAsUnread when sent
    CONSTRAINT message_pkey PRIMARY KEY (conversation_id, seq)
);

-- Unread counting visits only messages that can count (no notices, edits or recall events).
-- sender_id and recalled_by_seq ride along in the leaf (INCLUDE), so the count is answered from
-- the index without fetching the messages' rows once the visibility map allows it. A message
-- recalled after the counted range must still count, hence recalled_by_seq rather than a
-- "recalled = false" predicate.
CREATE INDEX message_unread_range
    ON message (conversation_id, seq) INCLUDE (sender_id, recalled_by_seq)
    WHERE counts_unread;

CREATE TABLE user_sync_event (
    user_id         text    COLLATE "C" NOT NULL,
    sync_seq        bigint  NOT NULL,
    kind            integer NOT NULL,              -- SyncEventKind
    conversation_id text    COLLATE "C" NOT NULL,
    seq             bigint  NOT NULL,
    actor_id        text    NOT NULL,
    unread          integer NOT NULL,
    CONSTRAINT user_sync_event_pkey PRIMARY KEY (user_id, sync_seq)
);

-- Read positions are upserted over and over with a new read_seq, a column no index holds: with
-- room left in each page the new row version stays in the page (a HOT update) and no index
-- entry is written.
CREATE TABLE read_position (
    conversation_id text   COLLATE "C" NOT NULL,
    user_id         text   COLLATE "C" NOT NULL,
    read_seq        bigint NOT NULL,
    CONSTRAINT read_position_pkey PRIMARY KEY (conversation_id, user_id)
) WITH (fillfactor = 80);

-- How far each conversation's fan-out got: last_seq moves in the same transaction as the
-- messages (once per conversation per group-commit batch), delivered_seq once every recipient's
-- user grain has them. A starting node resumes the conversations still behind.
CREATE TABLE conversation_delivery (
    conversation_id text   COLLATE "C" NOT NULL,
    last_seq        bigint NOT NULL,
    delivered_seq   bigint NOT NULL DEFAULT 0,
    CONSTRAINT conversation_delivery_pkey PRIMARY KEY (conversation_id)
);

-- Holds only the conversations that are behind, normally none or a handful, so the start-up
-- scan reads those and not the whole table.
CREATE INDEX conversation_delivery_behind
    ON conversation_delivery (conversation_id)
    WHERE delivered_seq < last_seq;

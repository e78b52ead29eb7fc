-- The message store: messages by (conversation, seq), each user's sync log, read positions.
-- WITHOUT ROWID tables are clustered on their primary key, so one conversation's messages sit
-- together in seq order: history pages in both directions, the last seq and the recent send
-- keys are range reads of the primary key, not extra indexes to maintain on every send.

CREATE TABLE message (
    conversation_id   TEXT    NOT NULL,
    seq               INTEGER NOT NULL,
    sender_id         TEXT    NOT NULL,
    client_message_id TEXT    NOT NULL,
    sent_at_ms        INTEGER NOT NULL,
    body              TEXT    NULL,            -- JSON of MessageBody; NULL once recalled
    edited_at_ms      INTEGER NOT NULL DEFAULT 0,
    recalled          INTEGER NOT NULL DEFAULT 0,
    counts_unread     INTEGER NOT NULL,        -- MessageBody.CountsAsUnread when sent
    PRIMARY KEY (conversation_id, seq)
) WITHOUT ROWID;

-- Unread counting reads only the messages that can count, and only their sender: the partial
-- index leaves out notices, edits, recall events and recalled messages altogether.
CREATE INDEX message_unread_range
    ON message (conversation_id, seq, sender_id)
    WHERE counts_unread = 1 AND recalled = 0;

CREATE TABLE user_sync_event (
    user_id         TEXT    NOT NULL,
    sync_seq        INTEGER NOT NULL,
    kind            INTEGER NOT NULL,          -- SyncEventKind
    conversation_id TEXT    NOT NULL,
    seq             INTEGER NOT NULL,
    actor_id        TEXT    NOT NULL,
    unread          INTEGER NOT NULL,
    PRIMARY KEY (user_id, sync_seq)
) WITHOUT ROWID;

CREATE TABLE read_position (
    conversation_id TEXT    NOT NULL,
    user_id         TEXT    NOT NULL,
    read_seq        INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
) WITHOUT ROWID;

-- Two facts the first schema could not express.
--
-- 1. When a message was recalled, not only that it was. Unread counting up to some seq must
--    still count a message whose recall notice comes after that seq: the reader's user grain
--    takes the count off when the notice reaches it, and would otherwise take it off twice.
ALTER TABLE message ADD COLUMN recalled_by_seq INTEGER NOT NULL DEFAULT 0;  -- 0 = not recalled

DROP INDEX message_unread_range;
CREATE INDEX message_unread_range
    ON message (conversation_id, seq, sender_id, recalled_by_seq)
    WHERE counts_unread = 1;

-- 2. How far each conversation's fan-out got. last_seq moves in the same transaction as the
--    message; delivered_seq moves once every recipient's user grain has the message. A node
--    that starts looks up the conversations still behind and resumes their delivery, so a
--    message acknowledged just before a crash still reaches every member's sync log.
CREATE TABLE conversation_delivery (
    conversation_id TEXT    NOT NULL PRIMARY KEY,
    last_seq        INTEGER NOT NULL,
    delivered_seq   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE INDEX conversation_delivery_behind
    ON conversation_delivery (conversation_id)
    WHERE delivered_seq < last_seq;

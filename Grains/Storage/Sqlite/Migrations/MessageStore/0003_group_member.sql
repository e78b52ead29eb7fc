-- Members of large groups (read diffusion, docs/large-groups.md). A group of up to 100,000
-- members cannot keep its membership in one grain-state blob that is rewritten on every
-- change: here each change writes only the rows it touches, in pages.
--
-- joined_seq is the first conversation seq the member may see (their join notice); unread for
-- the member never counts before it. role is MemberRole, muted 1 = may not send.

CREATE TABLE group_member (
    conversation_id TEXT    NOT NULL,
    user_id         TEXT    NOT NULL,
    role            INTEGER NOT NULL,
    joined_seq      INTEGER NOT NULL,
    joined_at_ms    INTEGER NOT NULL,
    muted           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, user_id)
) WITHOUT ROWID;

-- A user's large groups, for their conversation list and for hint subscriptions when a device
-- connects: a range read per user instead of a scan of every group.
CREATE INDEX group_member_by_user ON group_member (user_id, conversation_id, joined_seq);

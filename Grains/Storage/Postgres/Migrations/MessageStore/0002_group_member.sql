-- Members of large groups (read diffusion, docs/large-groups.md): the same table and meaning as
-- the SQLite store's migration 3. Each membership change writes only the rows it touches, in
-- pages, instead of rewriting a 100,000-member grain state.
--
-- joined_seq is the first conversation seq the member may see; role is MemberRole.

CREATE TABLE group_member (
    conversation_id text    COLLATE "C" NOT NULL,
    user_id         text    COLLATE "C" NOT NULL,
    role            integer NOT NULL,
    joined_seq      bigint  NOT NULL,
    joined_at_ms    bigint  NOT NULL,
    muted           boolean NOT NULL DEFAULT false,
    CONSTRAINT group_member_pkey PRIMARY KEY (conversation_id, user_id)
);

-- A user's large groups (conversation list, hint subscriptions on connect), answered from the
-- index alone.
CREATE INDEX group_member_by_user ON group_member (user_id, conversation_id) INCLUDE (joined_seq);

-- v2 -> v3: A version for conversations (a stale copy is never saved over a newer one); a queue of deliveries read in index order; indexes that fit the queries
ALTER TABLE conversation ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
-- Edits and redactions find their turn among the conversation's few.
DROP INDEX turn_event_idx;
CREATE INDEX warning_conv_idx ON warning (conv_id);
DROP INDEX delivery_pending_idx;
ALTER TABLE delivery ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
UPDATE delivery SET created_at = (SELECT w.created_at FROM warning w WHERE w.id = delivery.warning_id);
CREATE INDEX delivery_state_idx ON delivery (state, target, next_try, created_at);
-- Seen events in one b-tree (their key), not a table and an index.
CREATE TABLE seen_event_new (
	conv_id  BIGINT NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
	event_id TEXT   NOT NULL,
	PRIMARY KEY (conv_id, event_id)
) WITHOUT ROWID;
INSERT INTO seen_event_new (conv_id, event_id) SELECT conv_id, event_id FROM seen_event;
DROP TABLE seen_event;
ALTER TABLE seen_event_new RENAME TO seen_event;

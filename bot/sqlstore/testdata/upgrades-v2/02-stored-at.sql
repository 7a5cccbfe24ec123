-- v1 -> v2: Record when a conversation was stored, for purging
ALTER TABLE conversation ADD COLUMN stored_at BIGINT NOT NULL DEFAULT 0;

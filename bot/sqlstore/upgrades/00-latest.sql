-- v0 -> v4: Latest revision
CREATE TABLE conversation (
	id          INTEGER PRIMARY KEY,
	owner       TEXT    NOT NULL,
	platform    TEXT    NOT NULL,
	conv_key    TEXT    NOT NULL,
	sender_id   TEXT    NOT NULL,
	sender_phone TEXT   NOT NULL DEFAULT '',
	sender_name TEXT    NOT NULL DEFAULT '',
	network     TEXT    NOT NULL DEFAULT '',
	bridged     BOOLEAN NOT NULL DEFAULT false,
	first_seen  BIGINT  NOT NULL,
	last_seen   BIGINT  NOT NULL,
	state       TEXT    NOT NULL,
	turns       INTEGER NOT NULL DEFAULT 0,
	level       INTEGER NOT NULL DEFAULT 0,
	warnings    INTEGER NOT NULL DEFAULT 0,
	purged      BOOLEAN NOT NULL DEFAULT false,
	-- Wall-clock time the row was stored: purging never outruns it, even
	-- for messages that carry old timestamps.
	stored_at   BIGINT  NOT NULL DEFAULT 0,
	-- Advanced by every update: a save from a copy read before another
	-- write is refused (the engine reads outside the write).
	version     BIGINT  NOT NULL DEFAULT 0,
	UNIQUE (owner, platform, conv_key)
);
CREATE INDEX conversation_first_seen_idx ON conversation (purged, first_seen);

-- Every event ID a conversation has seen (messages, edits, redactions),
-- so that a redelivered event changes nothing.
CREATE TABLE seen_event (
	conv_id  BIGINT NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
	event_id TEXT   NOT NULL,
	PRIMARY KEY (conv_id, event_id)
) WITHOUT ROWID; -- one b-tree, not a table and its key's index

CREATE TABLE turn (
	conv_id    BIGINT  NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	event_id   TEXT    NOT NULL,
	from_owner BOOLEAN NOT NULL,
	text       TEXT,
	media      TEXT    NOT NULL DEFAULT '',
	at         BIGINT  NOT NULL,
	redacted   BOOLEAN NOT NULL DEFAULT false,
	PRIMARY KEY (conv_id, seq)
);

CREATE TABLE warning (
	id          TEXT    PRIMARY KEY,
	ref         TEXT    NOT NULL,
	owner       TEXT    NOT NULL,
	conv_id     BIGINT  REFERENCES conversation(id) ON DELETE CASCADE,
	platform    TEXT    NOT NULL DEFAULT '',
	sender      TEXT    NOT NULL DEFAULT '{}',
	level       INTEGER NOT NULL,
	kind        TEXT    NOT NULL DEFAULT '',
	escalation  BOOLEAN NOT NULL DEFAULT false,
	score       REAL    NOT NULL DEFAULT 0,
	reasons     TEXT    NOT NULL DEFAULT '[]',
	notice      TEXT    NOT NULL DEFAULT '',
	created_at  BIGINT  NOT NULL,
	UNIQUE (owner, ref)
);
CREATE INDEX warning_owner_idx ON warning (owner, created_at);
-- A conversation's warnings (the purge, the cascade).
CREATE INDEX warning_conv_idx ON warning (conv_id);

CREATE TABLE delivery (
	warning_id TEXT    NOT NULL REFERENCES warning(id) ON DELETE CASCADE,
	target     TEXT    NOT NULL,
	state      TEXT    NOT NULL,
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_try   BIGINT  NOT NULL DEFAULT 0,
	last_error TEXT    NOT NULL DEFAULT '',
	sent_at    BIGINT  NOT NULL DEFAULT 0,
	-- The warning's created_at: a target's queue is read in the order of
	-- this index, without the warnings.
	created_at BIGINT  NOT NULL DEFAULT 0,
	PRIMARY KEY (warning_id, target)
);
-- Pending (or failed) deliveries, by target, in the order they are tried.
CREATE INDEX delivery_state_idx ON delivery (state, target, next_try, created_at);

CREATE TABLE allowed_sender (
	owner     TEXT   NOT NULL,
	platform  TEXT   NOT NULL,
	sender_id TEXT   NOT NULL,
	added_at  BIGINT NOT NULL,
	PRIMARY KEY (owner, platform, sender_id)
);

CREATE TABLE feedback (
	owner      TEXT   NOT NULL,
	warning_id TEXT   NOT NULL,
	kind       TEXT   NOT NULL,
	at         BIGINT NOT NULL,
	PRIMARY KEY (owner, warning_id, kind)
);

CREATE TABLE cursor (
	owner   TEXT NOT NULL,
	adapter TEXT NOT NULL,
	name    TEXT NOT NULL,
	value   TEXT NOT NULL,
	PRIMARY KEY (owner, adapter, name)
);

-- SilentGuard's own secrets, made once per database (the owner page's
-- signing key): a backup keeps them, and every process that opens the
-- database uses the same.
CREATE TABLE secret (
	name       TEXT   PRIMARY KEY,
	value      BLOB   NOT NULL,
	created_at BIGINT NOT NULL
);

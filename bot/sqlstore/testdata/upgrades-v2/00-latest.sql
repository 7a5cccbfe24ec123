-- v0 -> v2: Latest revision
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
	UNIQUE (owner, platform, conv_key)
);
CREATE INDEX conversation_first_seen_idx ON conversation (purged, first_seen);

-- Every event ID a conversation has seen (messages, edits, redactions),
-- so that a redelivered event changes nothing.
CREATE TABLE seen_event (
	conv_id  BIGINT NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
	event_id TEXT   NOT NULL,
	PRIMARY KEY (conv_id, event_id)
);

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
CREATE INDEX turn_event_idx ON turn (conv_id, event_id);

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

CREATE TABLE delivery (
	warning_id TEXT    NOT NULL REFERENCES warning(id) ON DELETE CASCADE,
	target     TEXT    NOT NULL,
	state      TEXT    NOT NULL,
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_try   BIGINT  NOT NULL DEFAULT 0,
	last_error TEXT    NOT NULL DEFAULT '',
	sent_at    BIGINT  NOT NULL DEFAULT 0,
	PRIMARY KEY (warning_id, target)
);
CREATE INDEX delivery_pending_idx ON delivery (state);

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

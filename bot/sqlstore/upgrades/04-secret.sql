-- v3 -> v4: A table of SilentGuard's own secrets (the owner page's signing key)
CREATE TABLE secret (
	name       TEXT   PRIMARY KEY,
	value      BLOB   NOT NULL,
	created_at BIGINT NOT NULL
);

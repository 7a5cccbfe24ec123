-- v4 -> v5: The leases' fencing tokens (several instances on PostgreSQL)
CREATE TABLE lease (
	name        TEXT   PRIMARY KEY,
	token       BIGINT NOT NULL,
	holder      TEXT   NOT NULL,
	acquired_at BIGINT NOT NULL
);

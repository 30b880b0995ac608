-- SHA-256 of each certificate's SubjectPublicKeyInfo: one key is certified for one mailbox only.
ALTER TABLE certificate ADD COLUMN key_sha256 VARCHAR(64);
CREATE INDEX certificate_by_key ON certificate (key_sha256);

-- Where each certificate's private key lives (KeyStorageAssurance, by its external name) and who
-- vouched for it: DECLARED by the holder in the request, or VERIFIED by an administrator or by the
-- service, which generated the key at the target. Certificates enrolled before this migration had
-- no declaration, so they count as the lowest rung, declared.
ALTER TABLE certificate ADD COLUMN key_storage VARCHAR(32) DEFAULT 'home-directory' NOT NULL;
ALTER TABLE certificate ADD COLUMN key_storage_vouching VARCHAR(16) DEFAULT 'DECLARED' NOT NULL;

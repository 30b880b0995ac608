-- One key, one mailbox, kept atomically: the first enrolment of a key binds it to its mailbox
-- before the CA signs, and the primary key makes a concurrent enrolment of the same key for
-- another mailbox fail. Keys certified before this migration are bound to their (first) mailbox.
CREATE TABLE key_binding (
    key_sha256 VARCHAR(64)  NOT NULL PRIMARY KEY, -- hex SHA-256 of the SubjectPublicKeyInfo
    mailbox    VARCHAR(254) NOT NULL              -- canonical form (see Mailbox)
);
INSERT INTO key_binding (key_sha256, mailbox)
    SELECT key_sha256, MIN(mailbox) FROM certificate WHERE key_sha256 IS NOT NULL GROUP BY key_sha256;

-- Revocation: invalidity dates, certificate holds, and delta CRLs.
-- (Numbered 2.1 so that it sorts after V1 and cannot collide with a V2 from another branch.)

-- When the key was known or suspected to be compromised, or the certificate otherwise became
-- invalid (RFC 5280 5.3.2), as the revoker said; NULL when not given.
ALTER TABLE certificate ADD COLUMN invalidity_date TIMESTAMP WITH TIME ZONE;

-- Full and delta CRLs share the CA's number sequence (crl_counter, RFC 5280 5.2.4); a delta
-- names the full CRL it complements.
ALTER TABLE crl ADD COLUMN kind VARCHAR(8) DEFAULT 'FULL' NOT NULL;
ALTER TABLE crl ADD COLUMN base_crl_number BIGINT;
CREATE INDEX crl_by_kind ON crl (ca_id, kind, crl_number);

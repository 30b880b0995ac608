/**
 * What relying parties are told about revocation: full and delta CRLs (what each says, and when
 * one is due) and the OCSP responder (the status of each requested serial, decided from the
 * store). Signing and ASN.1 encoding happen behind the CA port and in {@code pkix}.
 */
package org.emailpki.revocation;

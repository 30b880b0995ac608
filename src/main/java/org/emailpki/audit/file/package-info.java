/**
 * The audit log on disk and the tools that read it without the service: the JSON-lines record
 * format and its SHA-256 chain, Ed25519-signed checkpoints, the single writer with group commit,
 * rotation, archive and retention, the disk-space guard, the verifier and the analysis report.
 * Plain Java (the JDK and Jackson): the offline command line runs all of it.
 */
package org.emailpki.audit.file;

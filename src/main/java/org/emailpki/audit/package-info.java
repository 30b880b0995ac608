/**
 * The audit vocabulary and port: {@link org.emailpki.audit.AuditEvent}, its types and outcomes,
 * and {@link org.emailpki.audit.AuditLog}, which every security-relevant operation calls before it
 * reports itself done. Pure Java: no container, no I/O.
 */
package org.emailpki.audit;

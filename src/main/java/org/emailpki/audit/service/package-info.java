/**
 * The audit log inside the running service: the {@link org.emailpki.audit.AuditLog} bean over the
 * file log, its readiness check, the schedules (retention, analysis, verification) and the
 * administrators' use case behind the REST endpoints.
 */
package org.emailpki.audit.service;

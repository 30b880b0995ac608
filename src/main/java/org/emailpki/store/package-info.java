/**
 * Persistence over plain JDBC: certificates, the directory outbox and CRLs. The schema is managed
 * by Flyway migrations in db/migration and written for both H2 and PostgreSQL.
 */
package org.emailpki.store;

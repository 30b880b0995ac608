/**
 * The LDAP adapter of the directory port, on the UnboundID LDAP SDK: the connection pool ({@link
 * org.emailpki.directory.ldap.LdapConnections}), the mapping of certificates onto {@code
 * inetOrgPerson} entries ({@link org.emailpki.directory.ldap.LdapCertificatePublisher}), the
 * embedded directory server ({@link org.emailpki.directory.ldap.EmbeddedDirectoryServer}) and the
 * OpenLDAP schema files it loads ({@link org.emailpki.directory.ldap.OpenLdapSchemaFiles}).
 *
 * <p>The only package that imports UnboundID. It imports neither Bouncy Castle (certificates and
 * capsules arrive as DER bytes, and capsule contents are judged by a predicate the caller passes)
 * nor the API or issuance packages. Every LDAP failure leaves it as a {@link
 * org.emailpki.directory.DirectoryException}, which keeps the change in the outbox.
 */
package org.emailpki.directory.ldap;

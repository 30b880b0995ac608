/**
 * Validation of others' certificates for S/MIME (enforcement point 3 of the trust policy): the
 * PKIX path to a registered CA by the JDK's {@code CertPathBuilder} and {@code
 * CertPathValidator}, revocation from this service's own records or from CRLs, key usage for the
 * purpose, and the CA's accreditation against the deployment's grade. Every check runs that
 * can, and each says why; see docs/validation.md. JDK security APIs only: no Bouncy Castle.
 */
package org.emailpki.validation;

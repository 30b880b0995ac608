/**
 * Thin Bouncy Castle helpers: PEM codecs, CSR parsing with proof of possession, certs-only CMS.
 * With {@code ca.embedded}, the only package that imports Bouncy Castle.
 */
package org.emailpki.pkix;

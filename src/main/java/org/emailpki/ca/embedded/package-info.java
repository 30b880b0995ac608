/**
 * The embedded Bouncy Castle CA: a root and an email issuing CA created on first start, keys in
 * password-protected PKCS#12 files under the data directory. Signs with whatever JCA key it holds.
 */
package org.emailpki.ca.embedded;

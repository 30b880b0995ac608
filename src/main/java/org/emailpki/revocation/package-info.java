/** CRL issuing and scheduling over the CA port; the store keeps numbers and the issued CRLs. */
package org.emailpki.revocation;

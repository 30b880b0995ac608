/** Authentication for the embedded default: HTTP Basic against an owner-only users file. */
package org.emailpki.auth;

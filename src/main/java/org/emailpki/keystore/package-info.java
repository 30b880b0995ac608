/**
 * Private key storage ranked by assurance, and the targets that generate a key where it will live.
 * Plain Java with no dependency on the running service, so the command-line tool runs it on the
 * holder's own machine.
 */
package org.emailpki.keystore;

/** Who acts and for which mailbox: canonical mailboxes and the authenticated caller. Pure Java. */
package org.emailpki.identity;

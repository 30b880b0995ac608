/** Certificate profiles and the templates built from validated requests. No Bouncy Castle here. */
package org.emailpki.ca.profile;

/** The table of problem types and the one exception that carries them to the API's mapper. */
package org.emailpki.error;

/** Owner-only files and generated secrets (CA keystore passwords, directory bind passwords). */
package org.emailpki.secrets;

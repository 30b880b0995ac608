/** REST resources (thin): decode requests, call the use cases, encode views and problems. */
package org.emailpki.api;

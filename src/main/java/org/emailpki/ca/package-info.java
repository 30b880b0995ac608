/**
 * The CA port: one interface for issuing certificates and signing CRLs, with plain records for
 * what goes in. Adapters live in sub-packages ({@code embedded}); {@code profile} decides content.
 */
package org.emailpki.ca;

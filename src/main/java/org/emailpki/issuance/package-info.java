/**
 * The use cases: enrol, revoke and look up. Each checks who asks, then orchestrates CA, store,
 * directory and CRLs; REST resources call only these.
 */
package org.emailpki.issuance;

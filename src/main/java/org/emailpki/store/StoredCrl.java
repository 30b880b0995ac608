package org.emailpki.store;

import java.time.Instant;

/** A signed CRL as stored: the CA's id, its CRL number, its validity and its DER. */
public record StoredCrl(String caId, long number, Instant thisUpdate, Instant nextUpdate, byte[] der) {}

package org.emailpki.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.emailpki.ca.RevocationReason;
import org.emailpki.ca.RevokedEntry;
import org.junit.jupiter.api.Test;

class DeltaCrlTest {

  static final Instant T1 = Instant.parse("2026-12-01T10:00:00Z");
  static final Instant T2 = Instant.parse("2026-12-02T10:00:00Z");
  static final BigInteger A = BigInteger.valueOf(0xa1);
  static final BigInteger B = BigInteger.valueOf(0xb2);
  static final BigInteger C = BigInteger.valueOf(0xc3);
  static final BigInteger D = BigInteger.valueOf(0xd4);

  static RevokedEntry entry(BigInteger serial, Instant at, RevocationReason reason) {
    return new RevokedEntry(serial, at, reason);
  }

  static Map<BigInteger, RevokedEntry> base(RevokedEntry... entries) {
    return java.util.Arrays.stream(entries).collect(java.util.stream.Collectors.toMap(RevokedEntry::serial, e -> e));
  }

  @Test
  void listsExactlyTheRevocationsTheBaseLacks() {
    RevokedEntry a = entry(A, T1, RevocationReason.KEY_COMPROMISE);
    RevokedEntry b = new RevokedEntry(B, T2, RevocationReason.SUPERSEDED, Optional.of(T1));
    List<RevokedEntry> changes = DeltaCrl.changes(base(a), List.of(b, a), s -> false);
    assertEquals(List.of(b), changes, "a is in the base already; b is new, with its invalidity date");
  }

  @Test
  void aHoldMadePermanentIsListedWithItsNewReason() {
    RevokedEntry held = entry(A, T1, RevocationReason.CERTIFICATE_HOLD);
    RevokedEntry permanent = entry(A, T1, RevocationReason.KEY_COMPROMISE);
    assertEquals(List.of(permanent), DeltaCrl.changes(base(held), List.of(permanent), s -> false));
  }

  @Test
  void aReleasedHoldIsRemovedFromTheCrlButAnExpiredEntryIsNot() {
    RevokedEntry released = entry(A, T1, RevocationReason.CERTIFICATE_HOLD);
    RevokedEntry expiredHold = entry(B, T1, RevocationReason.CERTIFICATE_HOLD);
    RevokedEntry expired = entry(C, T1, RevocationReason.KEY_COMPROMISE);
    RevokedEntry stillHeld = entry(D, T2, RevocationReason.CERTIFICATE_HOLD);
    Set<BigInteger> valid = Set.of(A); // B and C left the list by expiring, A by its release

    List<RevokedEntry> changes = DeltaCrl.changes(base(released, expiredHold, expired, stillHeld), List.of(stillHeld), valid::contains);

    assertEquals(List.of(entry(A, T1, RevocationReason.REMOVE_FROM_CRL)), changes);
  }

  @Test
  void heldAgainAfterARelease() {
    RevokedEntry firstHold = entry(A, T1, RevocationReason.CERTIFICATE_HOLD);
    RevokedEntry secondHold = entry(A, T2, RevocationReason.CERTIFICATE_HOLD);
    assertEquals(List.of(secondHold), DeltaCrl.changes(base(firstHold), List.of(secondHold), s -> true));
  }

  @Test
  void nothingChangedIsAnEmptyDeltaAndEntriesComeBySerial() {
    RevokedEntry a = entry(A, T1, RevocationReason.UNSPECIFIED);
    assertEquals(List.of(), DeltaCrl.changes(base(a), List.of(a), s -> true));
    RevokedEntry c = entry(C, T1, RevocationReason.AFFILIATION_CHANGED);
    RevokedEntry b = entry(B, T2, RevocationReason.CESSATION_OF_OPERATION);
    assertEquals(List.of(b, c), DeltaCrl.changes(Map.of(), List.of(c, b), s -> false));
  }
}

package org.emailpki.revocation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.emailpki.ca.RevocationReason;
import org.emailpki.ca.RevokedEntry;

/**
 * What a delta CRL lists (RFC 5280 5.2.4): exactly what a relying party must add to its base CRL
 * to know what a full CRL issued now would say. Computed from what the base CRL actually listed,
 * not from timestamps, so a revocation committed while the base was being signed is never lost.
 */
final class DeltaCrl {

  private DeltaCrl() {}

  /**
   * @param base the entries of the full CRL the delta complements, by serial
   * @param current the entries a full CRL issued now would list
   * @param valid whether a certificate is valid now (released from hold, rather than expired)
   * @return every current entry the base lacks or lists differently (a new revocation, or a hold
   *     made permanent), and a removeFromCRL entry for every certificate the base lists on hold
   *     that is valid again; by serial
   */
  static List<RevokedEntry> changes(Map<BigInteger, RevokedEntry> base, List<RevokedEntry> current, Predicate<BigInteger> valid) {
    List<RevokedEntry> changes = new ArrayList<>();
    Set<BigInteger> listed = new HashSet<>();
    for (RevokedEntry entry : current) {
      listed.add(entry.serial());
      RevokedEntry before = base.get(entry.serial());
      if (before == null || before.reason() != entry.reason() || !before.revokedAt().equals(entry.revokedAt())) {
        changes.add(entry);
      }
    }
    for (RevokedEntry before : base.values()) {
      // A listed certificate that left the list expired, or was released from hold: only the
      // release is news (an expired certificate stays revoked for the relying party).
      if (before.reason() == RevocationReason.CERTIFICATE_HOLD && !listed.contains(before.serial()) && valid.test(before.serial())) {
        changes.add(new RevokedEntry(before.serial(), before.revokedAt(), RevocationReason.REMOVE_FROM_CRL));
      }
    }
    changes.sort(Comparator.comparing(RevokedEntry::serial));
    return changes;
  }
}

package org.emailpki.policy;

import static org.emailpki.keystore.KeyStorageAssurance.DIRECTORY_SERVER;
import static org.emailpki.keystore.KeyStorageAssurance.DIRECTORY_SERVER_PASSWORD;
import static org.emailpki.keystore.KeyStorageAssurance.HOME_DIRECTORY;
import static org.emailpki.keystore.KeyStorageAssurance.HOME_DIRECTORY_PASSWORD;
import static org.emailpki.keystore.KeyStorageAssurance.REMOVABLE_MEDIA;
import static org.emailpki.keystore.KeyStorageAssurance.REMOVABLE_MEDIA_PASSWORD;
import static org.emailpki.keystore.KeyStorageAssurance.SMART_CARD_PIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.emailpki.keystore.KeyStorageAssurance;
import org.emailpki.policy.KeyStorageClaim.Vouching;
import org.emailpki.policy.KeyStoragePolicy.Accepted;
import org.emailpki.policy.KeyStoragePolicy.BelowMinimum;
import org.emailpki.policy.KeyStoragePolicy.Decision;
import org.emailpki.policy.KeyStoragePolicy.NotVerified;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyStoragePolicyTest {

  private static final Accepted OK = new Accepted();

  private static Optional<KeyStorageAssurance> none() {
    return Optional.empty();
  }

  private static Optional<KeyStorageAssurance> of(KeyStorageAssurance a) {
    return Optional.of(a);
  }

  /** minimum, verified-from, claimed rung, vouching, expected decision. */
  static Stream<Arguments> table() {
    return Stream.of(
        // no requirement: anything goes, even the undeclared lowest rung
        Arguments.of(none(), none(), HOME_DIRECTORY, Vouching.DECLARED, OK),
        Arguments.of(none(), none(), SMART_CARD_PIN, Vouching.DECLARED, OK),
        // a minimum alone
        Arguments.of(of(DIRECTORY_SERVER_PASSWORD), none(), DIRECTORY_SERVER_PASSWORD, Vouching.DECLARED, OK),
        Arguments.of(of(DIRECTORY_SERVER_PASSWORD), none(), REMOVABLE_MEDIA, Vouching.DECLARED, OK),
        Arguments.of(of(DIRECTORY_SERVER_PASSWORD), none(), DIRECTORY_SERVER, Vouching.DECLARED,
            new BelowMinimum(DIRECTORY_SERVER_PASSWORD, DIRECTORY_SERVER)),
        // verification does not lift a claim over the minimum
        Arguments.of(of(DIRECTORY_SERVER_PASSWORD), none(), HOME_DIRECTORY_PASSWORD, Vouching.VERIFIED,
            new BelowMinimum(DIRECTORY_SERVER_PASSWORD, HOME_DIRECTORY_PASSWORD)),
        Arguments.of(of(SMART_CARD_PIN), none(), REMOVABLE_MEDIA_PASSWORD, Vouching.VERIFIED,
            new BelowMinimum(SMART_CARD_PIN, REMOVABLE_MEDIA_PASSWORD)),
        // verification required from a rung up
        Arguments.of(none(), of(REMOVABLE_MEDIA), DIRECTORY_SERVER_PASSWORD, Vouching.DECLARED, OK),
        Arguments.of(none(), of(REMOVABLE_MEDIA), REMOVABLE_MEDIA, Vouching.DECLARED, new NotVerified(REMOVABLE_MEDIA, REMOVABLE_MEDIA)),
        Arguments.of(none(), of(REMOVABLE_MEDIA), SMART_CARD_PIN, Vouching.DECLARED, new NotVerified(REMOVABLE_MEDIA, SMART_CARD_PIN)),
        Arguments.of(none(), of(REMOVABLE_MEDIA), SMART_CARD_PIN, Vouching.VERIFIED, OK),
        // both: the minimum is judged first
        Arguments.of(of(SMART_CARD_PIN), of(SMART_CARD_PIN), SMART_CARD_PIN, Vouching.VERIFIED, OK),
        Arguments.of(of(SMART_CARD_PIN), of(SMART_CARD_PIN), SMART_CARD_PIN, Vouching.DECLARED, new NotVerified(SMART_CARD_PIN, SMART_CARD_PIN)),
        Arguments.of(of(SMART_CARD_PIN), of(SMART_CARD_PIN), HOME_DIRECTORY, Vouching.DECLARED, new BelowMinimum(SMART_CARD_PIN, HOME_DIRECTORY)),
        Arguments.of(of(HOME_DIRECTORY_PASSWORD), of(DIRECTORY_SERVER), HOME_DIRECTORY_PASSWORD, Vouching.DECLARED, OK),
        Arguments.of(of(HOME_DIRECTORY_PASSWORD), of(DIRECTORY_SERVER), DIRECTORY_SERVER, Vouching.DECLARED,
            new NotVerified(DIRECTORY_SERVER, DIRECTORY_SERVER)),
        // the lowest possible minimum accepts everything
        Arguments.of(of(HOME_DIRECTORY), none(), HOME_DIRECTORY, Vouching.DECLARED, OK));
  }

  @ParameterizedTest
  @MethodSource("table")
  void decides(Optional<KeyStorageAssurance> minimum, Optional<KeyStorageAssurance> verifiedFrom, KeyStorageAssurance asked,
      Vouching vouching, Decision expected) {
    KeyStoragePolicy policy = new KeyStoragePolicy(Map.of("smime-signing", new KeyStorageRequirement(minimum, verifiedFrom)));
    assertEquals(expected, policy.judge("smime-signing", new KeyStorageClaim(asked, vouching)));
  }

  /** Every requirement against every claim, stated over the ranks: 8 x 8 x 7 x 2 cases. */
  @Test
  void everyCombinationFollowsTheRanks() {
    List<Optional<KeyStorageAssurance>> choices = new ArrayList<>();
    choices.add(Optional.empty());
    Stream.of(KeyStorageAssurance.values()).map(Optional::of).forEach(choices::add);
    int cases = 0;
    for (Optional<KeyStorageAssurance> minimum : choices) {
      for (Optional<KeyStorageAssurance> verifiedFrom : choices) {
        KeyStoragePolicy policy = new KeyStoragePolicy(Map.of("p", new KeyStorageRequirement(minimum, verifiedFrom)));
        for (KeyStorageAssurance asked : KeyStorageAssurance.values()) {
          for (Vouching vouching : Vouching.values()) {
            int rank = asked.ordinal();
            boolean belowMinimum = minimum.isPresent() && rank < minimum.get().ordinal();
            boolean needsProof = verifiedFrom.isPresent() && rank >= verifiedFrom.get().ordinal() && vouching == Vouching.DECLARED;
            Decision expected = belowMinimum ? new BelowMinimum(minimum.get(), asked)
                : needsProof ? new NotVerified(verifiedFrom.get(), asked)
                : OK;
            assertEquals(expected, policy.judge("p", new KeyStorageClaim(asked, vouching)),
                minimum + " " + verifiedFrom + " " + asked + " " + vouching);
            cases++;
          }
        }
      }
    }
    assertEquals(8 * 8 * 7 * 2, cases);
  }

  @Test
  void profilesNotNamedDemandNothing() {
    KeyStoragePolicy policy = new KeyStoragePolicy(
        Map.of("smime-signing", new KeyStorageRequirement(of(SMART_CARD_PIN), of(SMART_CARD_PIN))));
    assertEquals(OK, policy.judge("smime-encryption", KeyStorageClaim.UNDECLARED));
    assertEquals(OK, KeyStoragePolicy.none().judge("smime-signing", KeyStorageClaim.UNDECLARED));
    assertEquals(new BelowMinimum(SMART_CARD_PIN, HOME_DIRECTORY), policy.judge("smime-signing", KeyStorageClaim.UNDECLARED));
  }

  @Test
  void requirementsAreReadFromExternalNames() {
    assertEquals(new KeyStorageRequirement(of(REMOVABLE_MEDIA_PASSWORD), of(SMART_CARD_PIN)),
        KeyStorageRequirement.of(Optional.of("removable-media-password"), Optional.of(" smart-card-pin ")));
    assertEquals(KeyStorageRequirement.NONE, KeyStorageRequirement.of(Optional.empty(), Optional.empty()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KeyStorageRequirement.of(Optional.of("smartcard"), Optional.empty()));
    assertEquals("not a key storage assurance: 'smartcard'", e.getMessage());
  }

  @Test
  void theUndeclaredClaimIsTheLowestRungDeclared() {
    assertEquals(new KeyStorageClaim(HOME_DIRECTORY, Vouching.DECLARED), KeyStorageClaim.UNDECLARED);
    assertEquals(Optional.of(Vouching.VERIFIED), Vouching.named("verified"));
    assertEquals(Optional.empty(), Vouching.named("VERIFIED"));
  }
}

package org.emailpki.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.emailpki.keystore.KeyStorageAssurance;
import org.junit.jupiter.api.Test;

/** The grade checklist judged on given facts: which items each grade has, and each verdict with its fix. */
class GradeChecklistTest {

  private static final Decision ENTRY_OK = new Decision(true, AccreditationLevel.ENTRY, AccreditationLevel.ENTRY, List.of());
  private static final Decision NONE_SHORT = new Decision(false, AccreditationLevel.NONE, AccreditationLevel.ENTRY,
      List.of(new Reason(ReasonCode.ACCREDITATION_EXPIRED, "CA partner's accreditation expired on 2026-12-03")));

  private static DeploymentFacts healthy(int grade) {
    return new DeploymentFacts(Optional.of(1000L), List.of("/srv/emailpki/data"), Map.of(), Optional.of(Duration.ofDays(1)),
        Set.of(Purpose.SIGN, Purpose.ENCRYPT), Map.of("email", ENTRY_OK), Grades.preset(grade), Grades.preset(grade));
  }

  @Test
  void anOverrideThatSwitchesOffWhatTheGradeDemandsFailsItsItem() {
    DeploymentFacts healthy = healthy(2);
    GradePolicy off = new GradePolicy(2, AccreditationLevel.ENTRY, Grades.preset(2).minimumKeyStorage(), false, Optional.empty(), false, false);
    Map<String, CheckItem> items = byId(GradeChecklist.check(new DeploymentFacts(healthy.uid(), healthy.protectedPaths(), healthy.openPaths(),
        healthy.auditRotation(), healthy.purposesIssuable(), healthy.caDecisions(), Grades.preset(2), off)));
    for (String[] expected : List.of(new String[] {"audit-rotating", "auditRequired"}, new String[] {"audit-analysed", "auditAnalysis"},
        new String[] {"signing-and-encryption-offered", "signingAndEncryptionOffered"})) {
      CheckItem item = items.get(expected[0]);
      assertEquals(CheckStatus.FAIL, item.status(), expected[0]);
      assertEquals("policy.yaml sets overrides." + expected[1] + " to false; grade 2 demands it", item.detail());
    }
    GradePolicy weekly = new GradePolicy(2, AccreditationLevel.ENTRY, Grades.preset(2).minimumKeyStorage(), true,
        Optional.of(Duration.ofDays(7)), true, true);
    CheckItem audit = byId(GradeChecklist.check(new DeploymentFacts(healthy.uid(), healthy.protectedPaths(), healthy.openPaths(),
        healthy.auditRotation(), healthy.purposesIssuable(), healthy.caDecisions(), Grades.preset(2), weekly))).get("audit-rotating");
    assertEquals(CheckStatus.FAIL, audit.status());
    assertEquals("policy.yaml lengthens the audit rotation to PT168H from the grade's PT24H", audit.detail());
  }

  private static Map<String, CheckItem> byId(List<CheckItem> items) {
    return items.stream().collect(java.util.stream.Collectors.toMap(CheckItem::id, i -> i));
  }

  @Test
  void eachGradeListsItsItemsAndAHealthyDeploymentFailsNone() {
    Map<Integer, List<String>> expected = Map.of(
        0, List.of("patching", "not-root", "files-owner-only", "trusted-cas-at-level", "key-storage-minimums", "user-awareness"),
        1, List.of("patching", "not-root", "files-owner-only", "audit-rotating", "trusted-cas-at-level", "key-storage-minimums",
            "user-awareness"),
        2, List.of("patching", "not-root", "files-owner-only", "audit-rotating", "audit-analysed", "virus-check",
            "signing-and-encryption-offered", "trusted-cas-at-level", "key-storage-minimums", "user-awareness", "client-active-content"),
        3, List.of("patching", "not-root", "files-owner-only", "audit-rotating", "audit-analysed", "virus-check",
            "signing-and-encryption-offered", "trusted-cas-at-level", "key-storage-minimums", "admin-accounts-only", "user-awareness",
            "client-active-content", "client-scripts-extensions-laptops"),
        4, List.of("patching", "not-root", "files-owner-only", "audit-rotating", "audit-analysed", "virus-check",
            "signing-and-encryption-offered", "trusted-cas-at-level", "key-storage-minimums", "admin-accounts-only", "outgoing-scan",
            "virtual-root", "strip-attachments", "user-awareness", "client-active-content", "client-scripts-extensions-laptops"));
    for (int grade = 0; grade <= 4; grade++) {
      List<CheckItem> items = GradeChecklist.check(healthy(grade));
      assertEquals(expected.get(grade), items.stream().map(CheckItem::id).toList(), "grade " + grade);
      assertTrue(items.stream().noneMatch(i -> i.status() == CheckStatus.FAIL), "grade " + grade);
      Set<String> manual = Set.of("patching", "audit-analysed", "virus-check", "admin-accounts-only", "outgoing-scan", "virtual-root",
          "strip-attachments", "user-awareness", "client-active-content", "client-scripts-extensions-laptops");
      for (CheckItem item : items) {
        assertEquals(manual.contains(item.id()) ? CheckStatus.MANUAL : CheckStatus.PASS, item.status(), item.id());
      }
    }
    assertEquals("1129 c servers vi", byId(GradeChecklist.check(healthy(2))).get("signing-and-encryption-offered").handbook());
    assertEquals("1129 e servers vii", byId(GradeChecklist.check(healthy(4))).get("signing-and-encryption-offered").handbook());
    // grades 0 and 1 name no certificates: the CA check cites 1128 only, not a server item they lack
    assertEquals("1128", byId(GradeChecklist.check(healthy(1))).get("trusted-cas-at-level").handbook());
    assertEquals("1129 c servers vi, 1128", byId(GradeChecklist.check(healthy(2))).get("trusted-cas-at-level").handbook());
    assertEquals("1129 e servers vii, 1128", byId(GradeChecklist.check(healthy(4))).get("trusted-cas-at-level").handbook());
  }

  @Test
  void aPassSaysWhatWasChecked() {
    // an owner-only folder is checked by its own mode: nothing inside it is reachable, so nothing inside is counted
    Map<String, CheckItem> one = byId(GradeChecklist.check(healthy(2)));
    assertEquals("/srv/emailpki/data is owner-only, so nothing in it is open to group or others", one.get("files-owner-only").detail());
    assertEquals("1 registered CA, its chain up to the root included: email at ENTRY; the grade asks ENTRY or above",
        one.get("trusted-cas-at-level").detail());
    DeploymentFacts two = new DeploymentFacts(Optional.of(1000L), List.of("/srv/emailpki/data", "/var/log/emailpki-audit"), Map.of(),
        Optional.of(Duration.ofDays(1)), Set.of(Purpose.SIGN, Purpose.ENCRYPT), Map.of("partner", ENTRY_OK, "email", ENTRY_OK),
        Grades.preset(2), Grades.preset(2));
    Map<String, CheckItem> items = byId(GradeChecklist.check(two));
    assertEquals("/srv/emailpki/data, /var/log/emailpki-audit are owner-only, so nothing in them is open to group or others",
        items.get("files-owner-only").detail());
    assertEquals("2 registered CAs, each with its chain up to the root: email at ENTRY, partner at ENTRY; the grade asks ENTRY or above",
        items.get("trusted-cas-at-level").detail());
  }

  @Test
  void eachShortfallFailsWithItsFix() {
    DeploymentFacts bad = new DeploymentFacts(Optional.of(0L), List.of("/d", "/d/ca"), Map.of("/d", "rwxr-xr-x", "/d/users", "rw-r--r--"),
        Optional.of(Duration.ofDays(1)), Set.of(Purpose.SIGN), Map.of("email", ENTRY_OK, "partner", NONE_SHORT), Grades.preset(2),
        Grades.preset(2).withMinimumCaLevel(AccreditationLevel.NONE).withMinimumKeyStorage(KeyStorageAssurance.HOME_DIRECTORY));
    Map<String, CheckItem> items = byId(GradeChecklist.check(bad));
    assertEquals(CheckStatus.FAIL, items.get("not-root").status());
    assertEquals("the service runs as root (uid 0)", items.get("not-root").detail());
    assertEquals("open to group or others: /d (rwxr-xr-x), /d/users (rw-r--r--)", items.get("files-owner-only").detail());
    assertEquals(Optional.of("chmod go-rwx each of them (folders 700, files 600), and find who changed them"),
        items.get("files-owner-only").fix());
    assertEquals("no profile the issuing CA may issue under serves encrypt", items.get("signing-and-encryption-offered").detail());
    assertEquals("policy.yaml lowers the minimum CA level to NONE from the grade's ENTRY; "
        + "partner at NONE (CA partner's accreditation expired on 2026-12-03)", items.get("trusted-cas-at-level").detail());
    assertEquals("policy.yaml lowers the minimum key storage to home-directory", items.get("key-storage-minimums").detail());
    assertTrue(items.values().stream().filter(i -> i.status() == CheckStatus.FAIL).allMatch(i -> i.fix().isPresent()));
  }

  @Test
  void anUnknownUidIsLeftToAPersonAndSlowRotationFails() {
    DeploymentFacts facts = new DeploymentFacts(Optional.empty(), List.of(), Map.of(), Optional.of(Duration.ofDays(1)),
        Set.of(Purpose.SIGN, Purpose.ENCRYPT), Map.of(), Grades.preset(1),
        new GradePolicy(1, AccreditationLevel.NONE, KeyStorageAssurance.HOME_DIRECTORY, true, Optional.of(Duration.ofHours(6)), false, false));
    Map<String, CheckItem> items = byId(GradeChecklist.check(facts));
    assertEquals(CheckStatus.MANUAL, items.get("not-root").status());
    assertEquals(CheckStatus.FAIL, items.get("audit-rotating").status());
    assertEquals("segments are rotated every PT24H", items.get("audit-rotating").detail());
    DeploymentFacts off = new DeploymentFacts(Optional.of(5L), List.of(), Map.of(), Optional.empty(), Set.of(), Map.of(),
        Grades.preset(1), Grades.preset(1));
    assertEquals("the audit log is not running", byId(GradeChecklist.check(off)).get("audit-rotating").detail());
  }
}

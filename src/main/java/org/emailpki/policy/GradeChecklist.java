package org.emailpki.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The handbook's checklist for a grade (paragraph 1129), item by item, judged on what the
 * deployment shows of itself. Items software cannot see are listed as manual, so the report is
 * the whole checklist, not only its automatable half. Pure: the facts are gathered elsewhere.
 */
public final class GradeChecklist {

  private GradeChecklist() {}

  public static List<CheckItem> check(DeploymentFacts facts) {
    GradePolicy grade = facts.effective();
    int g = grade.grade();
    String letter = String.valueOf((char) ('a' + g));
    List<CheckItem> items = new ArrayList<>();
    items.add(CheckItem.manual("patching", "1129 " + letter + " servers i", "mail client and server software carry the latest security patches",
        "an operator checks the installed versions against the vendors' advisories, regularly"));
    items.add(notRoot(facts, letter));
    items.add(ownerOnly(facts, letter));
    // What the grade demands decides which items are listed: an override that turns one off fails
    // it rather than making it disappear from the report.
    GradePolicy preset = facts.preset();
    String what = "audit is configured and rotated";
    if (preset.auditRequired() && !grade.auditRequired()) {
      items.add(switchedOff("audit-rotating", "1129 " + letter + " servers iv", what, "auditRequired", g));
    } else if (grade.auditRequired()) {
      items.add(audit(facts, letter));
    }
    if (preset.auditAnalysis() && !grade.auditAnalysis()) {
      items.add(switchedOff("audit-analysed", "1129 " + letter + " servers iv", "audit is analysed for intrusion attempts", "auditAnalysis", g));
    } else if (grade.auditAnalysis()) {
      items.add(CheckItem.manual("audit-analysed", "1129 " + letter + " servers iv",
          "audit is analysed for intrusion attempts and attempts to circumvent controls",
          "someone reads GET /api/v1/audit/report (or `emailpki audit report`) on an agreed schedule and follows up anomalies"));
    }
    if (g >= 2) {
      items.add(CheckItem.manual("virus-check", "1129 " + letter + " servers v", "a mail proxy virus-checks all incoming messages",
          "outside this service: the mail relay's configuration"));
    }
    if (preset.signingAndEncryptionOffered() && !grade.signingAndEncryptionOffered()) {
      items.add(switchedOff("signing-and-encryption-offered", "1129 " + letter + " servers " + (g == 4 ? "vii" : "vi"),
          "digital signature and encryption with X.509 certificates are available to users", "signingAndEncryptionOffered", g));
    } else if (grade.signingAndEncryptionOffered()) {
      items.add(offered(facts, letter, g == 4 ? "vii" : "vi"));
    }
    // Grades 0 and 1 have no certificate item; the CA check then rests on 1128 alone.
    items.add(casAtLevel(facts, g < 2 ? "1128" : "1129 " + letter + " servers " + (g == 4 ? "vii" : "vi") + ", 1128"));
    items.add(keyStorage(facts));
    if (g >= 3) {
      items.add(CheckItem.manual("admin-accounts-only", "1129 " + letter + " servers " + (g == 4 ? "viii" : "vii"),
          "operating system accounts on the server are restricted to administrators", "an operator reviews the host's accounts"));
    }
    if (g == 4) {
      items.add(CheckItem.manual("outgoing-scan", "1129 e servers vi", "a mail proxy scans outgoing messages for sensitive information",
          "outside this service: the mail relay's configuration"));
      items.add(CheckItem.manual("virtual-root", "1129 e servers ix", "the server runs in a virtual root it cannot escape",
          "an operator checks the container or chroot the service runs in"));
      items.add(CheckItem.manual("strip-attachments", "1129 e servers x", "a mail proxy strips all attachments from incoming mail",
          "outside this service: the mail relay's configuration"));
    }
    items.add(CheckItem.manual("user-awareness", "1129 " + letter + " users i", "users are informed of the risks of email",
        "a person checks the awareness material and who has received it"));
    if (g >= 2) {
      items.add(CheckItem.manual("client-active-content", "1129 " + letter + " users ii",
          "mail clients reject Java and ActiveX in attachments", "checked on the clients' configuration"));
    }
    if (g >= 3) {
      items.add(CheckItem.manual("client-scripts-extensions-laptops", "1129 " + letter + " users iii-v",
          "JavaScript and cookies rejected, client extensions evaluated, laptops purged before leaving a secure area",
          "as the risk assessment decides; checked on the clients and by procedure"));
    }
    return items;
  }

  private static CheckItem notRoot(DeploymentFacts facts, String letter) {
    String id = "not-root";
    String ref = "1129 " + letter + " servers ii";
    String what = "the server runs as a user with minimal privileges";
    if (facts.uid().isEmpty()) {
      return CheckItem.manual(id, ref, what, "the platform does not report the process's user id; check it by hand");
    }
    long uid = facts.uid().get();
    return uid == 0
        ? CheckItem.fail(id, ref, what, "the service runs as root (uid 0)",
            "run it as an unprivileged account of its own, e.g. sudo -u emailpki ./emailpki serve (./emailpki itself does not drop root)")
        : CheckItem.pass(id, ref, what, "the service runs as uid " + uid);
  }

  private static CheckItem ownerOnly(DeploymentFacts facts, String letter) {
    String id = "files-owner-only";
    String ref = "1129 " + letter + " servers iii, 1109 b";
    String what = "key, data and audit files are the service account's alone";
    if (facts.openPaths().isEmpty()) {
      // Nothing open means every folder looked at is owner-only, so nothing inside it was looked at
      // (nor needed to be): name the folders rather than count paths.
      List<String> checked = facts.protectedPaths();
      return CheckItem.pass(id, ref, what, checked.isEmpty()
          ? "no data or audit folder exists yet"
          : String.join(", ", checked) + (checked.size() == 1 ? " is owner-only, so nothing in it" : " are owner-only, so nothing in them")
              + " is open to group or others");
    }
    String open = new TreeMap<>(facts.openPaths()).entrySet().stream()
        .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
    return CheckItem.fail(id, ref, what, "open to group or others: " + open,
        "chmod go-rwx each of them (folders 700, files 600), and find who changed them");
  }

  private static CheckItem switchedOff(String id, String ref, String what, String override, int grade) {
    return CheckItem.fail(id, ref, what, "policy.yaml sets overrides." + override + " to false; grade " + grade + " demands it",
        "remove overrides." + override + " from ca-config/policy.yaml, then reload");
  }

  private static CheckItem audit(DeploymentFacts facts, String letter) {
    String id = "audit-rotating";
    String ref = "1129 " + letter + " servers iv";
    GradePolicy grade = facts.effective();
    String what = "audit is configured and rotated" + grade.auditRotation().map(d -> " at least every " + d).orElse("");
    if (facts.auditRotation().isEmpty()) {
      return CheckItem.fail(id, ref, what, "the audit log is not running", "configure emailpki.audit (docs/audit.md) and restart");
    }
    Optional<Duration> demanded = facts.preset().auditRotation();
    if (demanded.isPresent() && grade.auditRotation().map(d -> d.compareTo(demanded.get()) > 0).orElse(true)) {
      return CheckItem.fail(id, ref, what, "policy.yaml lengthens the audit rotation to "
              + grade.auditRotation().map(Duration::toString).orElse("none") + " from the grade's " + demanded.get(),
          "remove overrides.auditRotation from ca-config/policy.yaml, or shorten it, then reload");
    }
    if (grade.auditRotation().isPresent() && facts.auditRotation().get().compareTo(grade.auditRotation().get()) > 0) {
      return CheckItem.fail(id, ref, what, "segments are rotated every " + facts.auditRotation().get(),
          "rotate at least every " + grade.auditRotation().get() + ", or lower emailpki.audit.rotate-size");
    }
    return CheckItem.pass(id, ref, what, "the audit log runs, fail-closed, and rotates its segment every " + facts.auditRotation().get()
        + " (and by size)");
  }

  private static CheckItem offered(DeploymentFacts facts, String letter, String item) {
    String id = "signing-and-encryption-offered";
    String ref = "1129 " + letter + " servers " + item;
    String what = "digital signature and encryption with X.509 certificates are available to users";
    List<String> missing = new ArrayList<>();
    for (Purpose p : Purpose.values()) {
      if (!facts.purposesIssuable().contains(p)) {
        missing.add(p.externalName());
      }
    }
    return missing.isEmpty()
        ? CheckItem.pass(id, ref, what, "profiles for signing and for encryption are configured and the issuing CA may issue under them")
        : CheckItem.fail(id, ref, what, "no profile the issuing CA may issue under serves " + String.join(" or ", missing),
            "add a profile for it in ca-config/profiles.yaml, or record the issuing CA's accreditation in trusted-cas.yaml, then reload");
  }

  private static CheckItem casAtLevel(DeploymentFacts facts, String ref) {
    String id = "trusted-cas-at-level";
    GradePolicy grade = facts.effective();
    String what = "every trusted CA is accredited at " + grade.minimumCaLevel() + " or above";
    List<String> short_ = new ArrayList<>();
    for (Map.Entry<String, Decision> e : new TreeMap<>(facts.caDecisions()).entrySet()) {
      if (!e.getValue().allowed()) {
        short_.add(e.getKey() + " at " + e.getValue().effectiveLevel() + " (" + e.getValue().explanation() + ")");
      }
    }
    List<String> lowered = new ArrayList<>();
    if (!grade.minimumCaLevel().atLeast(facts.preset().minimumCaLevel())) {
      lowered.add("policy.yaml lowers the minimum CA level to " + grade.minimumCaLevel() + " from the grade's "
          + facts.preset().minimumCaLevel());
    }
    if (short_.isEmpty() && lowered.isEmpty()) {
      // Registered CAs, not every CA certificate served: a CA's chain up to its root (the embedded
      // root, say) is part of its registration, not a CA of its own.
      int n = facts.caDecisions().size();
      String levels = new TreeMap<>(facts.caDecisions()).entrySet().stream()
          .map(e -> e.getKey() + " at " + e.getValue().effectiveLevel()).collect(Collectors.joining(", "));
      return CheckItem.pass(id, ref, what, n == 0
          ? "no CA is registered"
          : n + (n == 1 ? " registered CA, its chain up to the root included: " : " registered CAs, each with its chain up to the root: ")
              + levels + "; the grade asks " + grade.minimumCaLevel() + " or above");
    }
    List<String> found = new ArrayList<>(lowered);
    found.addAll(short_);
    return CheckItem.fail(id, ref, what, String.join("; ", found),
        "record each CA's accreditation evidence in ca-config/trusted-cas.yaml, or remove the CA, and keep the grade's minimum; then reload");
  }

  private static CheckItem keyStorage(DeploymentFacts facts) {
    String id = "key-storage-minimums";
    String ref = "1125-1126";
    GradePolicy grade = facts.effective();
    String what = "key storage minimums of the grade are in force (at least " + facts.preset().minimumKeyStorage().externalName() + ")";
    if (!grade.minimumKeyStorage().atLeast(facts.preset().minimumKeyStorage())) {
      return CheckItem.fail(id, ref, what, "policy.yaml lowers the minimum key storage to " + grade.minimumKeyStorage().externalName(),
          "remove overrides.minimumKeyStorage from ca-config/policy.yaml, or raise it, then reload");
    }
    return CheckItem.pass(id, ref, what, "every profile requires at least " + grade.minimumKeyStorage().externalName()
        + ", enforced at enrolment");
  }
}

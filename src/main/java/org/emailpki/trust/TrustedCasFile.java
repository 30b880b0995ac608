package org.emailpki.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.emailpki.pkix.Certificates;
import org.emailpki.policy.AccreditationEvidence;
import org.emailpki.policy.AccreditationLevel;
import org.emailpki.policy.CaSource;
import org.emailpki.policy.KeyLocation;
import org.emailpki.policy.TrustedCa;

/**
 * Reads ca-config/trusted-cas.yaml and the PEM files it names into {@link TrustedCa} records,
 * checking each field (schema: ca-config/README.md). The embedded CA is registered from the
 * running CA itself: by an entry with {@code source: EMBEDDED}, or at level NONE when none names it.
 */
final class TrustedCasFile {

  static final String NAME = "trusted-cas.yaml";

  private static final Set<String> CA_FIELDS =
      Set.of("id", "source", "certificate", "chain", "level", "evidence", "keyLocation");
  private static final Set<String> EVIDENCE_FIELDS =
      Set.of("practiceStatement", "evaluationLevel", "evaluationCompleted", "accredited", "accreditationExpires");

  private final Path dir;
  private final String embeddedId;
  private final List<X509Certificate> embeddedChain;

  /**
   * @param embeddedChain the embedded issuing CA's certificate followed by its root
   */
  TrustedCasFile(Path dir, String embeddedId, List<X509Certificate> embeddedChain) {
    this.dir = dir;
    this.embeddedId = embeddedId;
    this.embeddedChain = List.copyOf(embeddedChain);
  }

  List<TrustedCa> read() {
    Optional<YamlNode> doc = YamlNode.read(dir, NAME);
    List<TrustedCa> cas = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    if (doc.isPresent()) {
      for (YamlNode entry : doc.get().onlyFields(Set.of("cas")).field("cas").elements()) {
        TrustedCa ca = ca(entry.onlyFields(CA_FIELDS));
        if (!ids.add(ca.id())) {
          throw entry.field("id").error("duplicate id '" + ca.id() + "'");
        }
        if (cas.stream().anyMatch(other -> other.certificate().equals(ca.certificate()))) {
          throw entry.field("certificate").error("the same certificate is registered already");
        }
        cas.add(ca);
      }
    }
    if (!ids.contains(embeddedId)) {
      cas.add(0, embedded(embeddedId, AccreditationLevel.NONE, AccreditationEvidence.NONE, KeyLocation.SOFTWARE));
    }
    return cas;
  }

  private TrustedCa ca(YamlNode entry) {
    String id = entry.field("id").text();
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw entry.field("id").error("'" + id + "' must be letters, digits, '.', '_' or '-', at most 64");
    }
    CaSource source = entry.field("source").parsed(s -> enumValue(CaSource.class, s), "one of " + List.of(CaSource.values()));
    AccreditationLevel level =
        entry.field("level").parsed(AccreditationLevel::named, "one of " + List.of(AccreditationLevel.values()));
    KeyLocation keyLocation =
        entry.field("keyLocation").parsed(s -> enumValue(KeyLocation.class, s), "one of " + List.of(KeyLocation.values()));
    AccreditationEvidence evidence = evidence(entry.field("evidence"));
    if (source == CaSource.EMBEDDED) {
      if (!id.equals(embeddedId)) {
        throw entry.field("id").error("an EMBEDDED entry must carry the embedded CA's id '" + embeddedId + "'");
      }
      for (String field : List.of("certificate", "chain")) {
        if (entry.field(field).present()) {
          throw entry.field(field).error("must be left out for the EMBEDDED CA: its certificates come from the running CA");
        }
      }
      return embedded(id, level, evidence, keyLocation);
    }
    if (id.equals(embeddedId)) {
      throw entry.field("source").error("'" + id + "' is the embedded CA's id, so its source must be EMBEDDED");
    }
    YamlNode certificateField = entry.field("certificate");
    List<X509Certificate> own = pemFile(certificateField);
    if (own.size() != 1) {
      throw certificateField.error(certificateField.text() + " holds " + own.size() + " certificates; it must hold exactly the CA's own");
    }
    X509Certificate certificate = own.get(0);
    if (certificate.getBasicConstraints() < 0) {
      throw certificateField.error(certificateField.text() + " is not a CA certificate (no basicConstraints cA=true)");
    }
    List<X509Certificate> chain = entry.field("chain").present() ? pemFile(entry.field("chain")) : List.of();
    checkLinks(entry, certificate, chain);
    return new TrustedCa(id, certificate, chain, source, level, evidence, keyLocation);
  }

  private TrustedCa embedded(String id, AccreditationLevel level, AccreditationEvidence evidence, KeyLocation keyLocation) {
    return new TrustedCa(id, embeddedChain.get(0), embeddedChain.subList(1, embeddedChain.size()),
        CaSource.EMBEDDED, level, evidence, keyLocation);
  }

  private static AccreditationEvidence evidence(YamlNode node) {
    if (!node.present()) {
      return AccreditationEvidence.NONE;
    }
    node.onlyFields(EVIDENCE_FIELDS);
    Optional<String> evaluationLevel = node.field("evaluationLevel").optionalText();
    if (evaluationLevel.isPresent() && !evaluationLevel.get().matches("(?i)EAL[1-7]\\+?")) {
      throw node.field("evaluationLevel").error("'" + evaluationLevel.get() + "' is not a Common Criteria level such as EAL4 or EAL4+");
    }
    AccreditationEvidence evidence = new AccreditationEvidence(
        node.field("practiceStatement").optionalText(),
        evaluationLevel,
        node.field("evaluationCompleted").optionalDate(),
        node.field("accredited").optionalDate(),
        node.field("accreditationExpires").optionalDate());
    if (evidence.accredited().isPresent() && evidence.accreditationExpires().isPresent()
        && evidence.accreditationExpires().get().isBefore(evidence.accredited().get())) {
      throw node.field("accreditationExpires").error("is before the accreditation date " + evidence.accredited().get());
    }
    return evidence;
  }

  private List<X509Certificate> pemFile(YamlNode field) {
    String name = field.text();
    Path root = dir.toAbsolutePath().normalize();
    Path file;
    try {
      file = root.resolve(name).normalize();
    } catch (InvalidPathException e) {
      throw field.error("'" + name + "' is not a file name: " + e.getReason());
    }
    // Relative to this folder, as documented: a name reaching out of it (absolute, or climbing with
    // ..) would let the registry read any file the service can, so it is refused. Symbolic links
    // inside the folder are followed: a Kubernetes ConfigMap mounts its files as links.
    if (!file.startsWith(root) || file.equals(root)) {
      throw field.error("'" + name + "' must name a file inside the ca-config folder (" + dir + ")");
    }
    try {
      return Certificates.fromPemBundle(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw field.error(name + " does not exist (relative to " + dir + ")");
    } catch (IOException e) {
      throw field.error(name + " cannot be read: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw field.error(name + " is not valid PEM: " + e.getMessage());
    }
  }

  /** Each certificate must be issued and signed by the next; a chain given must end at a self-signed root. */
  private static void checkLinks(YamlNode entry, X509Certificate certificate, List<X509Certificate> chain) {
    X509Certificate child = certificate;
    for (int i = 0; i < chain.size(); i++) {
      X509Certificate issuer = chain.get(i);
      String where = i == 0 ? "the certificate" : "chain certificate " + i;
      if (!child.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()) || !signedBy(child, issuer)) {
        throw entry.field("chain").error("does not link: " + where + " (" + child.getSubjectX500Principal()
            + ") is not issued and signed by chain certificate " + (i + 1) + " (" + issuer.getSubjectX500Principal() + ")");
      }
      child = issuer;
    }
    if (!chain.isEmpty() && !(child.getIssuerX500Principal().equals(child.getSubjectX500Principal()) && signedBy(child, child))) {
      throw entry.field("chain").error("does not end at a self-signed root: the last is issued by " + child.getIssuerX500Principal());
    }
  }

  private static boolean signedBy(X509Certificate child, X509Certificate issuer) {
    try {
      child.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  static <E extends Enum<E>> Optional<E> enumValue(Class<E> type, String name) {
    for (E value : type.getEnumConstants()) {
      if (value.name().equalsIgnoreCase(name.trim().replace('-', '_'))) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}

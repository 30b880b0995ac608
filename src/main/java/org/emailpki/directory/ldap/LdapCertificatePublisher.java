package org.emailpki.directory.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.AssertionRequestControl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.directory.CertificatePublisher;
import org.emailpki.directory.DirectoryException;
import org.emailpki.identity.Mailbox;

/**
 * Publishes certificates on {@code inetOrgPerson} entries found by {@code mail}, as mail clients
 * look them up: the DER in {@code userCertificate;binary} and the certs-only capsule in {@code
 * userSMIMECertificate}. A missing entry is created as {@code mail=<address>,ou=people,<base>}.
 *
 * <p>Attribute descriptions, tested on OpenLDAP 2.5 and the embedded server: {@code
 * userCertificate} has the Certificate syntax, which slapd refuses without {@code ;binary}
 * ("requires ;binary transfer"), so it is written as {@code userCertificate;binary}. {@code
 * userSMIMECertificate} has the Binary syntax, for which slapd refuses the option ("option binary
 * not supported with type"), so it is written without. The attribute also has no equality rule, and
 * slapd refuses to add or delete single values of it ("no equality matching rule"): its values are
 * rewritten as a whole, guarded by an assertion that the entry has not changed since it was read
 * ({@code entryCSN} on OpenLDAP, else {@code modifyTimestamp}), so a concurrent change is retried
 * rather than lost.
 */
@ApplicationScoped
public class LdapCertificatePublisher implements CertificatePublisher {

  static final String CERTIFICATE = "userCertificate";
  static final String CERTIFICATE_BINARY = "userCertificate;binary";
  static final String CAPSULE = "userSMIMECertificate";
  private static final List<String> VERSION_ATTRIBUTES = List.of("entryCSN", "modifyTimestamp");
  private static final String[] READ = {CERTIFICATE, CAPSULE, "entryCSN", "modifyTimestamp"};

  /** A first try and re-reads: enough for races between instances, bounded when the directory disagrees. */
  private static final int ATTEMPTS = 5;

  /**
   * Changes to one entry are serialised within this instance (striped by lower-cased mailbox, as
   * LDAP matches mail case-insensitively), so the assertion guard only has to settle races with
   * other instances.
   */
  private final ReentrantLock[] entryLocks = IntStream.range(0, 64).mapToObj(i -> new ReentrantLock()).toArray(ReentrantLock[]::new);

  private final LdapConnections connections;
  private final DN baseDn;
  private final DN peopleDn;

  @Inject
  LdapCertificatePublisher(LdapConnections connections, EmailPkiConfig config) {
    this(connections, config.directory().baseDn());
  }

  /**
   * A publisher searching below {@code baseDn} and creating entries in {@code ou=people} under it.
   *
   * @throws IllegalArgumentException when {@code baseDn} is not a DN
   */
  public LdapCertificatePublisher(LdapConnections connections, String baseDn) {
    this.connections = connections;
    try {
      this.baseDn = new DN(baseDn);
    } catch (LDAPException e) {
      throw new IllegalArgumentException("not a DN: " + baseDn, e);
    }
    this.peopleDn = new DN(new RDN("ou", "people"), this.baseDn);
  }

  @Override
  public void publish(Mailbox mailbox, byte[] certificate, byte[] smimeCapsule) {
    Objects.requireNonNull(mailbox, "mailbox");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(smimeCapsule, "smimeCapsule");
    apply("publish", mailbox, pool -> publishOnce(pool, mailbox, certificate, smimeCapsule));
  }

  @Override
  public void unpublish(Mailbox mailbox, byte[] certificate, Predicate<byte[]> capsuleHolds) {
    Objects.requireNonNull(mailbox, "mailbox");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(capsuleHolds, "capsuleHolds");
    apply("unpublish", mailbox, pool -> unpublishOnce(pool, mailbox, certificate, capsuleHolds));
  }

  private void publishOnce(
      LDAPConnectionPool pool, Mailbox mailbox, byte[] certificate, byte[] capsule)
      throws LDAPException {
    Optional<SearchResultEntry> found = find(pool, mailbox);
    if (found.isEmpty()) {
      add(pool, newEntry(mailbox, certificate, capsule));
      return;
    }
    Entry entry = found.get();
    List<Modification> changes = new ArrayList<>();
    if (!holdsValue(entry, CERTIFICATE, v -> Arrays.equals(v, certificate))) {
      changes.add(new Modification(ModificationType.ADD, CERTIFICATE_BINARY, certificate));
    }
    if (!holdsValue(entry, CAPSULE, v -> Arrays.equals(v, capsule))) {
      List<byte[]> capsules = new ArrayList<>(values(entry.getAttribute(CAPSULE)));
      capsules.add(capsule);
      changes.add(
          new Modification(ModificationType.REPLACE, CAPSULE, capsules.toArray(byte[][]::new)));
    }
    modify(pool, entry, changes);
  }

  private void unpublishOnce(
      LDAPConnectionPool pool, Mailbox mailbox, byte[] certificate, Predicate<byte[]> capsuleHolds)
      throws LDAPException {
    Optional<SearchResultEntry> found = find(pool, mailbox);
    if (found.isEmpty()) {
      return;
    }
    Entry entry = found.get();
    List<Modification> changes = new ArrayList<>();
    // delete under the description the value was found with: slapd insists on ;binary
    for (Attribute attribute : entry.getAttributesWithOptions(CERTIFICATE, null)) {
      if (values(attribute).stream().anyMatch(v -> Arrays.equals(v, certificate))) {
        changes.add(new Modification(ModificationType.DELETE, attribute.getName(), certificate));
      }
    }
    for (Attribute attribute : entry.getAttributesWithOptions(CAPSULE, null)) {
      List<byte[]> kept = values(attribute).stream().filter(capsuleHolds.negate()).toList();
      if (kept.size() < attribute.size()) {
        changes.add(
            new Modification(
                ModificationType.REPLACE, attribute.getName(), kept.toArray(byte[][]::new)));
      }
    }
    modify(pool, entry, changes);
  }

  private interface Change {
    void apply(LDAPConnectionPool pool) throws LDAPException;
  }

  private void apply(String operation, Mailbox mailbox, Change change) {
    ReentrantLock lock = entryLocks[Math.floorMod(mailbox.address().toLowerCase(Locale.ROOT).hashCode(), entryLocks.length)];
    lock.lock();
    try {
      applyLocked(operation, mailbox, change);
    } finally {
      lock.unlock();
    }
  }

  private void applyLocked(String operation, Mailbox mailbox, Change change) {
    LDAPConnectionPool pool = connections.pool();
    for (int attempt = 1; ; attempt++) {
      try {
        change.apply(pool);
        return;
      } catch (LDAPException e) {
        if (attempt < ATTEMPTS && LdapFailures.isRace(e)) {
          continue; // someone changed the entry between our read and our write: read again
        }
        connections.failed(e);
        throw new DirectoryException(
            "directory " + operation + " for " + mailbox + " failed: " + LdapFailures.describe(e),
            e);
      }
    }
  }

  /** The one person entry with this mail; injection-safe, as the SDK escapes filter values. */
  static Filter filterFor(Mailbox mailbox) {
    return Filter.createANDFilter(
        Filter.createEqualityFilter("objectClass", "inetOrgPerson"),
        Filter.createEqualityFilter("mail", mailbox.address()));
  }

  private Optional<SearchResultEntry> find(LDAPConnectionPool pool, Mailbox mailbox)
      throws LDAPException {
    SearchRequest request =
        new SearchRequest(baseDn.toString(), SearchScope.SUB, filterFor(mailbox), READ);
    request.setSizeLimit(2);
    List<SearchResultEntry> entries;
    try {
      entries = pool.search(request).getSearchEntries();
    } catch (LDAPSearchException e) {
      if (e.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED) {
        throw e;
      }
      entries = e.getSearchEntries();
    }
    if (entries.size() > 1) {
      throw new DirectoryException(
          "directory is ambiguous: more than one entry has mail=" + mailbox, null);
    }
    return entries.stream().findFirst();
  }

  private Entry newEntry(Mailbox mailbox, byte[] certificate, byte[] capsule) {
    DN dn = new DN(new RDN("mail", mailbox.address()), peopleDn); // the SDK escapes + , = # etc.
    return new Entry(
        dn,
        new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
        new Attribute("cn", mailbox.address()),
        new Attribute("sn", mailbox.localPart()),
        new Attribute("mail", mailbox.address()),
        new Attribute(CERTIFICATE_BINARY, certificate),
        new Attribute(CAPSULE, capsule));
  }

  private void add(LDAPConnectionPool pool, Entry entry) throws LDAPException {
    try {
      pool.add(entry);
    } catch (LDAPException e) {
      if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
        throw e;
      }
      addPeopleFolder(pool);
      pool.add(entry);
    }
  }

  private void addPeopleFolder(LDAPConnectionPool pool) throws LDAPException {
    try {
      pool.add(EmbeddedDirectoryServer.organizationalUnit(peopleDn));
    } catch (LDAPException e) {
      if (e.getResultCode() != ResultCode.ENTRY_ALREADY_EXISTS) {
        throw e;
      }
    }
  }

  /** Applies the changes, if any, asserting that the entry is still as read. */
  static void modify(LDAPConnectionPool pool, Entry entry, List<Modification> changes)
      throws LDAPException {
    if (changes.isEmpty()) {
      return;
    }
    ModifyRequest request = new ModifyRequest(entry.getDN(), changes);
    unchangedSince(entry)
        .ifPresent(filter -> request.addControl(new AssertionRequestControl(filter)));
    pool.modify(request);
  }

  /** An assertion that the entry is as read; none when the server tells no version of it. */
  private static Optional<Filter> unchangedSince(Entry entry) {
    for (String attribute : VERSION_ATTRIBUTES) {
      String value = entry.getAttributeValue(attribute);
      if (value != null) {
        return Optional.of(Filter.createEqualityFilter(attribute, value));
      }
    }
    return Optional.empty();
  }

  private static boolean holdsValue(Entry entry, String baseName, Predicate<byte[]> test) {
    return entry.getAttributesWithOptions(baseName, null).stream()
        .flatMap(attribute -> values(attribute).stream())
        .anyMatch(test);
  }

  private static List<byte[]> values(Attribute attribute) {
    return attribute == null ? List.of() : Arrays.asList(attribute.getValueByteArrays());
  }
}

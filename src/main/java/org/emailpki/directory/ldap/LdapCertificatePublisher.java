package org.emailpki.directory.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.ExtendedResult;
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
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
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
import org.emailpki.directory.KeyContainerDirectory;
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
public class LdapCertificatePublisher implements CertificatePublisher, KeyContainerDirectory {

  static final String CERTIFICATE = "userCertificate";
  static final String CERTIFICATE_BINARY = "userCertificate;binary";
  static final String CAPSULE = "userSMIMECertificate";
  /** Binary syntax without an equality rule, like {@link #CAPSULE}: rewritten as a whole, no ;binary. */
  static final String KEY_CONTAINER = "userPKCS12";
  private static final String[] KEY_READ = {KEY_CONTAINER, "entryCSN", "modifyTimestamp"};
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

  @Override
  public void putKeyContainer(Mailbox holder, byte[] previous, byte[] next) {
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(next, "next");
    apply("key container store", holder, pool -> putKeyContainerOnce(pool, holder, previous, next));
  }

  @Override
  public void removeKeyContainer(Mailbox holder, byte[] value) {
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(value, "value");
    apply("key container removal", holder, pool -> {
      Optional<SearchResultEntry> found = find(pool, holder, KEY_READ);
      if (found.isPresent()) {
        replaceKeyContainers(pool, found.get(), value, null);
      }
    });
  }

  @Override
  public void setHolderPassword(Mailbox holder, char[] password) {
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(password, "password");
    apply("holder password change", holder, pool -> {
      SearchResultEntry entry = find(pool, holder, KEY_READ)
          .orElseThrow(() -> new LDAPException(ResultCode.NO_SUCH_OBJECT, "no entry has mail=" + holder));
      ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
      // only the encoded bytes: the buffer's backing array is longer, and padded with zeros
      byte[] utf8 = new byte[encoded.remaining()];
      encoded.get(utf8);
      Arrays.fill(encoded.array(), (byte) 0);
      try {
        ExtendedResult result = pool.processExtendedOperation(new PasswordModifyExtendedRequest(entry.getDN(), (byte[]) null, utf8));
        if (result.getResultCode() != ResultCode.SUCCESS) {
          // the diagnostic message names the DN and the rule, never the password
          throw new LDAPException(result.getResultCode(), "password modify refused: " + result.getDiagnosticMessage());
        }
      } finally {
        Arrays.fill(utf8, (byte) 0);
      }
    });
  }

  @Override
  public String entryOf(Mailbox holder) {
    return personDn(holder).toString();
  }

  private void putKeyContainerOnce(LDAPConnectionPool pool, Mailbox holder, byte[] previous, byte[] next)
      throws LDAPException {
    Optional<SearchResultEntry> found = find(pool, holder, KEY_READ);
    if (found.isEmpty()) {
      Entry entry = personEntry(holder);
      entry.addAttribute(new Attribute(KEY_CONTAINER, next));
      add(pool, entry);
      return;
    }
    replaceKeyContainers(pool, found.get(), previous, next);
  }

  /** Rewrites the entry's key containers without {@code drop} and with {@code add}, guarded. */
  private static void replaceKeyContainers(LDAPConnectionPool pool, Entry entry, byte[] drop, byte[] add)
      throws LDAPException {
    List<byte[]> current = entry.getAttributesWithOptions(KEY_CONTAINER, null).stream()
        .flatMap(attribute -> values(attribute).stream()).toList();
    List<byte[]> kept = new ArrayList<>(current.stream().filter(v -> drop == null || !Arrays.equals(v, drop)).toList());
    if (add != null && kept.stream().noneMatch(v -> Arrays.equals(v, add))) {
      kept.add(add);
    }
    if (kept.size() == current.size() && kept.stream().allMatch(v -> current.stream().anyMatch(c -> Arrays.equals(c, v)))) {
      return;
    }
    modify(pool, entry, List.of(new Modification(ModificationType.REPLACE, KEY_CONTAINER, kept.toArray(byte[][]::new))));
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
    return find(pool, mailbox, READ);
  }

  private Optional<SearchResultEntry> find(LDAPConnectionPool pool, Mailbox mailbox, String[] attributes)
      throws LDAPException {
    SearchRequest request =
        new SearchRequest(baseDn.toString(), SearchScope.SUB, filterFor(mailbox), attributes);
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
    Entry entry = personEntry(mailbox);
    entry.addAttribute(new Attribute(CERTIFICATE_BINARY, certificate));
    entry.addAttribute(new Attribute(CAPSULE, capsule));
    return entry;
  }

  /** Where a missing entry is created: {@code mail=<address>,ou=people,<base>}. */
  private DN personDn(Mailbox mailbox) {
    return new DN(new RDN("mail", mailbox.address()), peopleDn); // the SDK escapes + , = # etc.
  }

  private Entry personEntry(Mailbox mailbox) {
    return new Entry(
        personDn(mailbox),
        new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
        new Attribute("cn", mailbox.address()),
        new Attribute("sn", mailbox.localPart()),
        new Attribute("mail", mailbox.address()));
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

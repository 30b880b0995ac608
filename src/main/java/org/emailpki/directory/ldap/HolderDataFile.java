package org.emailpki.directory.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedExtendedResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyDNResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ReadOnlyAddRequest;
import com.unboundid.ldap.sdk.ReadOnlyModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.emailpki.secrets.OwnerOnlyFiles;

/**
 * What the embedded directory holds that the certificate store does not: holders' keys ({@code
 * userPKCS12}, password-encrypted) and their bind passwords ({@code userPassword}, salted hashes).
 * The directory is rebuilt from the store at start, so these live in an owner-only LDIF file beside
 * the bind password, rewritten after every successful change that touches them, before the change
 * is reported: a key the service was told is stored survives a restart.
 *
 * <p>Only changes to holder data rewrite the file, and a rewrite reads only the entries known to
 * hold some: certificates are published to every person entry, and scanning the whole directory
 * after each of those made enrolment quadratic in the directory's size (measured: 60 % of the
 * service's CPU at 3,000 entries). Renames and Password Modify are rare and rescan.
 *
 * <p>The file is rewritten whole: the embedded directory serves small deployments; a large one
 * keeps keys in OpenLDAP. Thread-safe.
 */
final class HolderDataFile extends InMemoryOperationInterceptor {

  private static final String[] HOLDER_DATA_TYPES = {"userPKCS12", "userPassword"};
  private static final String[] KEPT = {"objectClass", "cn", "sn", "mail", "userPKCS12", "userPassword"};
  private static final Filter HOLDER_DATA =
      Filter.createORFilter(Filter.createPresenceFilter("userPKCS12"), Filter.createPresenceFilter("userPassword"));

  private final Path file;
  private final String baseDn;
  /** The entries that hold holder data, in hierarchy order; guarded by {@code this}. */
  private final SortedSet<DN> holders = new TreeSet<>();
  /** Every name and OID of the holder data types, lower case. */
  private final Set<String> holderDataNames = new HashSet<>();
  private volatile InMemoryDirectoryServer server;

  HolderDataFile(Path file, String baseDn) {
    this.file = file;
    this.baseDn = baseDn;
  }

  /** Puts the saved entries back into a fresh server, which then saves itself through this. */
  void restoreInto(InMemoryDirectoryServer fresh) throws LDAPException {
    for (String type : HOLDER_DATA_TYPES) {
      holderDataNames.add(type.toLowerCase(Locale.ROOT));
      AttributeTypeDefinition definition = fresh.getSchema().getAttributeType(type);
      if (definition != null) {
        holderDataNames.add(definition.getOID());
        for (String name : definition.getNames()) {
          holderDataNames.add(name.toLowerCase(Locale.ROOT));
        }
      }
    }
    if (Files.exists(file)) {
      try (LDIFReader reader = new LDIFReader(new ByteArrayInputStream(Files.readAllBytes(file)))) {
        for (Entry entry = reader.readEntry(); entry != null; entry = reader.readEntry()) {
          fresh.add(entry);
          synchronized (this) {
            holders.add(entry.getParsedDN());
          }
        }
      } catch (IOException | LDIFException e) {
        throw new LDAPException(ResultCode.LOCAL_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    server = fresh;
  }

  @Override
  public void processAddResult(InMemoryInterceptedAddResult result) {
    ReadOnlyAddRequest request = result.getRequest();
    if (request.getAttributes().stream().anyMatch(attribute -> holderData(attribute.getName()))) {
      result.setResult(savedAfter(result.getResult(), () -> holders.add(parsed(request.getDN()))));
    }
  }

  @Override
  public void processModifyResult(InMemoryInterceptedModifyResult result) {
    ReadOnlyModifyRequest request = result.getRequest();
    if (request.getModifications().stream().anyMatch(change -> holderData(change.getAttributeName()))) {
      result.setResult(savedAfter(result.getResult(), () -> holders.add(parsed(request.getDN()))));
    }
  }

  @Override
  public void processDeleteResult(InMemoryInterceptedDeleteResult result) {
    DN deleted = parsed(result.getRequest().getDN());
    boolean held;
    synchronized (this) {
      held = holders.contains(deleted);
    }
    if (held) {
      result.setResult(savedAfter(result.getResult(), () -> holders.remove(deleted)));
    }
  }

  @Override
  public void processModifyDNResult(InMemoryInterceptedModifyDNResult result) {
    result.setResult(savedAfter(result.getResult(), this::rescan));
  }

  @Override
  public void processExtendedResult(InMemoryInterceptedExtendedResult result) {
    if (result.getResult().getResultCode() == ResultCode.SUCCESS) {
      // Password Modify is the only extended operation that changes entries here
      LDAPResult saved = savedAfter(result.getResult(), this::rescan);
      if (saved.getResultCode() != ResultCode.SUCCESS) {
        result.setResult(new ExtendedResult(saved));
      }
    }
  }

  private boolean holderData(String attributeName) {
    return holderDataNames.contains(Attribute.getBaseName(attributeName).toLowerCase(Locale.ROOT));
  }

  private static DN parsed(String dn) {
    try {
      return new DN(dn);
    } catch (LDAPException e) {
      throw new IllegalArgumentException("the directory accepted a DN it cannot parse: " + dn, e);
    }
  }

  /**
   * Notes the change and saves, after a successful change; a save that fails turns the change's
   * success into a failure.
   */
  private LDAPResult savedAfter(LDAPResult result, Runnable noteChange) {
    if (result.getResultCode() != ResultCode.SUCCESS || server == null) {
      return result;
    }
    try {
      synchronized (this) {
        noteChange.run();
        save();
      }
      return result;
    } catch (LDAPException | UncheckedIOException e) {
      return new LDAPResult(result.getMessageID(), ResultCode.UNAVAILABLE,
          "the change was made but cannot be saved to the holder data file: " + e.getMessage(), null, (String[]) null, null);
    }
  }

  /** Finds the entries with holder data afresh, after a change that may have moved them. */
  private void rescan() {
    try {
      SearchResult found = server.search(baseDn, SearchScope.SUB, HOLDER_DATA, SearchRequest.NO_ATTRIBUTES);
      holders.clear();
      for (Entry entry : found.getSearchEntries()) {
        holders.add(entry.getParsedDN());
      }
    } catch (LDAPException e) {
      throw new UncheckedIOException(new IOException("cannot find the entries with holder data: " + e.getMessage(), e));
    }
  }

  private void save() throws LDAPException {
    StringBuilder ldif = new StringBuilder();
    for (Iterator<DN> it = holders.iterator(); it.hasNext(); ) {
      Entry entry = server.getEntry(it.next().toString(), KEPT);
      if (entry == null || !(entry.hasAttribute("userPKCS12") || entry.hasAttribute("userPassword"))) {
        it.remove(); // an entry with nothing to keep is not kept
      } else {
        ldif.append(entry.toLDIFString()).append('\n');
      }
    }
    OwnerOnlyFiles.write(file, ldif.toString().getBytes(StandardCharsets.UTF_8));
  }
}

package org.emailpki.directory.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedExtendedResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.emailpki.secrets.OwnerOnlyFiles;

/**
 * What the embedded directory holds that the certificate store does not: holders' keys ({@code
 * userPKCS12}, password-encrypted) and their bind passwords ({@code userPassword}, salted hashes).
 * The directory is rebuilt from the store at start, so these live in an owner-only LDIF file beside
 * the bind password, rewritten after every successful change that may touch them, before the
 * change is reported: a key the service was told is stored survives a restart.
 *
 * <p>The file is rewritten whole: the embedded directory serves small deployments; a large one
 * keeps keys in OpenLDAP. Thread-safe.
 */
final class HolderDataFile extends InMemoryOperationInterceptor {

  private static final String[] KEPT = {"objectClass", "cn", "sn", "mail", "userPKCS12", "userPassword"};
  private static final Filter HOLDER_DATA =
      Filter.createORFilter(Filter.createPresenceFilter("userPKCS12"), Filter.createPresenceFilter("userPassword"));

  private final Path file;
  private final String baseDn;
  private volatile InMemoryDirectoryServer server;

  HolderDataFile(Path file, String baseDn) {
    this.file = file;
    this.baseDn = baseDn;
  }

  /** Puts the saved entries back into a fresh server, which then saves itself through this. */
  void restoreInto(InMemoryDirectoryServer fresh) throws LDAPException {
    if (Files.exists(file)) {
      try (LDIFReader reader = new LDIFReader(new ByteArrayInputStream(Files.readAllBytes(file)))) {
        for (Entry entry = reader.readEntry(); entry != null; entry = reader.readEntry()) {
          fresh.add(entry);
        }
      } catch (IOException | LDIFException e) {
        throw new LDAPException(ResultCode.LOCAL_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    server = fresh;
  }

  @Override
  public void processAddResult(InMemoryInterceptedAddResult result) {
    result.setResult(savedAfter(result.getResult()));
  }

  @Override
  public void processModifyResult(InMemoryInterceptedModifyResult result) {
    result.setResult(savedAfter(result.getResult()));
  }

  @Override
  public void processDeleteResult(InMemoryInterceptedDeleteResult result) {
    result.setResult(savedAfter(result.getResult()));
  }

  @Override
  public void processExtendedResult(InMemoryInterceptedExtendedResult result) {
    if (result.getResult().getResultCode() == ResultCode.SUCCESS) {
      // Password Modify is the only extended operation that changes entries here
      LDAPResult saved = savedAfter(result.getResult());
      if (saved.getResultCode() != ResultCode.SUCCESS) {
        result.setResult(new com.unboundid.ldap.sdk.ExtendedResult(saved));
      }
    }
  }

  /** Saves after a successful change; a save that fails turns the change's success into a failure. */
  private LDAPResult savedAfter(LDAPResult result) {
    if (result.getResultCode() != ResultCode.SUCCESS || server == null) {
      return result;
    }
    try {
      save();
      return result;
    } catch (LDAPException | UncheckedIOException e) {
      return new LDAPResult(result.getMessageID(), ResultCode.UNAVAILABLE,
          "the change was made but cannot be saved to the holder data file: " + e.getMessage(), null, (String[]) null, null);
    }
  }

  private synchronized void save() throws LDAPException {
    SearchResult found = server.search(baseDn, SearchScope.SUB, HOLDER_DATA, KEPT);
    List<Entry> entries = new ArrayList<>(found.getSearchEntries());
    StringBuilder ldif = new StringBuilder();
    for (Entry entry : entries) {
      ldif.append(entry.toLDIFString()).append('\n');
    }
    OwnerOnlyFiles.write(file, ldif.toString().getBytes(StandardCharsets.UTF_8));
  }
}

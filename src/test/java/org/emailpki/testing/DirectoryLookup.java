package org.emailpki.testing;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.Arrays;
import java.util.List;

/** What an anonymous mail client finds in the service's directory. */
public final class DirectoryLookup {

  private DirectoryLookup() {}

  /** The userCertificate;binary values of the entry with that mail (none when there is no entry). */
  public static List<byte[]> certificates(int port, String mail) {
    try (LDAPConnection anonymous = new LDAPConnection("127.0.0.1", port)) {
      List<SearchResultEntry> entries =
          anonymous.search("dc=example,dc=org", SearchScope.SUB, Filter.createEqualityFilter("mail", mail), "userCertificate;binary")
              .getSearchEntries();
      if (entries.isEmpty()) {
        return List.of();
      }
      byte[][] values = entries.get(0).getAttributeValueByteArrays("userCertificate;binary");
      return values == null ? List.of() : List.of(values);
    } catch (LDAPException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether the entry with that mail holds exactly this certificate among its values. */
  public static boolean holds(int port, String mail, byte[] der) {
    return certificates(port, mail).stream().anyMatch(v -> Arrays.equals(v, der));
  }
}

package org.emailpki.directory.ldap;

import com.unboundid.ldap.listener.LDAPListenerClientConnection;
import com.unboundid.ldap.listener.LDAPListenerExceptionHandler;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedCompareRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedExtendedRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyDNRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSASLBindResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.net.Socket;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded directory's access control, which the UnboundID in-memory server lacks (it has no
 * ACIs): the same rules as {@code ldap-schema/slapd-acl.conf} for what the service stores there.
 *
 * <ul>
 *   <li>{@code userPKCS12} (a holder's password-protected key) is returned only to the entry's own
 *       bind identity and to the service; {@code userPassword} only to the service;
 *   <li>nobody but the service may search with a filter on those attributes or compare them (a
 *       filter is an oracle: {@code (userPassword=...)} would test guesses without a bind);
 *   <li>nobody but the service writes: holders can bind now, and the server's own rule (writes
 *       need a bind) would otherwise let a holder change any entry.
 * </ul>
 *
 * Who is bound is followed per connection from the bind results; a failed or SASL bind counts as
 * anonymous (the service binds simply). Thread-safe.
 */
final class KeyContainerGuard extends InMemoryOperationInterceptor implements LDAPListenerExceptionHandler {

  /** Names and OIDs, lower case, of the attributes only their owner (or nobody) may read. */
  private static final Set<String> OWNER_ONLY = Set.of("userpkcs12", "2.16.840.1.113730.3.1.216");

  private static final Set<String> SERVICE_ONLY = Set.of("userpassword", "2.5.4.35");

  private static final String PASSWORD_MODIFY_OID = "1.3.6.1.4.1.4203.1.11.1";

  private final DN service;
  private final Map<Long, DN> bound = new ConcurrentHashMap<>();

  KeyContainerGuard(DN service) {
    this.service = service;
  }

  @Override
  public void processSimpleBindResult(InMemoryInterceptedSimpleBindResult bind) {
    String dn = bind.getRequest().getBindDN();
    if (bind.getResult().getResultCode() == ResultCode.SUCCESS && dn != null && !dn.isEmpty()) {
      try {
        bound.put(bind.getConnectionID(), new DN(dn));
        return;
      } catch (LDAPException e) {
        // not a DN the server could have bound: anonymous
      }
    }
    bound.remove(bind.getConnectionID());
  }

  @Override
  public void processSASLBindResult(InMemoryInterceptedSASLBindResult bind) {
    bound.remove(bind.getConnectionID());
  }

  @Override
  public void processSearchRequest(InMemoryInterceptedSearchRequest search) throws LDAPException {
    if (!isService(search) && mentionsProtected(search.getRequest().getFilter())) {
      throw refused("filters on userPKCS12 or userPassword are for the service only");
    }
  }

  @Override
  public void processSearchEntry(InMemoryInterceptedSearchEntry result) {
    if (isService(result)) {
      return;
    }
    Entry entry = result.getSearchEntry();
    boolean self = bound(result).map(dn -> dn.equals(parsedDn(entry))).orElse(false);
    Entry visible = entry.duplicate();
    boolean removed = false;
    for (Attribute attribute : entry.getAttributes()) {
      String base = attribute.getBaseName().toLowerCase(Locale.ROOT);
      if (SERVICE_ONLY.contains(base) || (!self && OWNER_ONLY.contains(base))) {
        visible.removeAttribute(attribute.getName());
        removed = true;
      }
    }
    if (removed) {
      result.setSearchEntry(visible);
    }
  }

  @Override
  public void processCompareRequest(InMemoryInterceptedCompareRequest compare) throws LDAPException {
    if (!isService(compare) && isProtected(compare.getRequest().getAttributeName())) {
      throw refused("userPKCS12 and userPassword cannot be compared");
    }
  }

  @Override
  public void processAddRequest(InMemoryInterceptedAddRequest request) throws LDAPException {
    requireService(request);
  }

  @Override
  public void processModifyRequest(InMemoryInterceptedModifyRequest request) throws LDAPException {
    requireService(request);
  }

  @Override
  public void processDeleteRequest(InMemoryInterceptedDeleteRequest request) throws LDAPException {
    requireService(request);
  }

  @Override
  public void processModifyDNRequest(InMemoryInterceptedModifyDNRequest request) throws LDAPException {
    requireService(request);
  }

  @Override
  public void processExtendedRequest(InMemoryInterceptedExtendedRequest request) throws LDAPException {
    if (PASSWORD_MODIFY_OID.equals(request.getRequest().getOID())) {
      requireService(request);
    }
  }

  @Override
  public void connectionCreationFailure(Socket socket, Throwable cause) {
    // nothing was bound on a connection that never existed
  }

  @Override
  public void connectionTerminated(LDAPListenerClientConnection connection, LDAPException cause) {
    bound.remove(connection.getConnectionID());
  }

  private void requireService(InMemoryInterceptedRequest request) throws LDAPException {
    if (!isService(request)) {
      throw refused("only the service writes to this directory");
    }
  }

  private boolean isService(InMemoryInterceptedRequest request) {
    return bound(request).map(service::equals).orElse(false);
  }

  private boolean isService(InMemoryInterceptedSearchEntry result) {
    return bound(result).map(service::equals).orElse(false);
  }

  private Optional<DN> bound(InMemoryInterceptedRequest request) {
    return Optional.ofNullable(bound.get(request.getConnectionID()));
  }

  private Optional<DN> bound(InMemoryInterceptedSearchEntry result) {
    return Optional.ofNullable(bound.get(result.getConnectionID()));
  }

  private static DN parsedDn(Entry entry) {
    try {
      return entry.getParsedDN();
    } catch (LDAPException e) {
      return DN.NULL_DN;
    }
  }

  private static boolean isProtected(String attributeDescription) {
    if (attributeDescription == null) {
      return false;
    }
    String base = Attribute.getBaseName(attributeDescription).toLowerCase(Locale.ROOT);
    return OWNER_ONLY.contains(base) || SERVICE_ONLY.contains(base);
  }

  /** Whether any component names a protected attribute, or could match one without naming it. */
  private static boolean mentionsProtected(Filter filter) {
    return switch (filter.getFilterType()) {
      case Filter.FILTER_TYPE_AND, Filter.FILTER_TYPE_OR -> {
        for (Filter component : filter.getComponents()) {
          if (mentionsProtected(component)) {
            yield true;
          }
        }
        yield false;
      }
      case Filter.FILTER_TYPE_NOT -> mentionsProtected(filter.getNOTComponent());
      // an extensible match without an attribute tests every attribute of the entry
      case Filter.FILTER_TYPE_EXTENSIBLE_MATCH -> filter.getAttributeName() == null || isProtected(filter.getAttributeName());
      default -> isProtected(filter.getAttributeName());
    };
  }

  private static LDAPException refused(String why) {
    return new LDAPException(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, why);
  }
}

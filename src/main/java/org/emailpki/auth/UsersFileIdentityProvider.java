package org.emailpki.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.emailpki.audit.Actor;
import org.emailpki.audit.AuditEvent;
import org.emailpki.audit.AuditEventType;
import org.emailpki.audit.AuditLog;
import org.emailpki.audit.AuditUnavailableException;
import org.jboss.logging.Logger;

/**
 * HTTP Basic credentials checked against the users file. Every failure is audited with the
 * account name tried and the client address (the material for spotting password guessing,
 * handbook 1112); the password never is. The identity carries the client address for the use
 * cases' records.
 */
@ApplicationScoped
public class UsersFileIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

  /** Identity attribute holding the account's set of {@code Mailbox}. */
  public static final String MAILBOXES = "emailpki.mailboxes";

  /** Identity attribute holding the client's IP address as text, when known. */
  public static final String CLIENT_ADDRESS = "emailpki.client-address";

  private static final Logger LOG = Logger.getLogger(UsersFileIdentityProvider.class);

  private final UserDirectory users;
  private final AuditLog audit;

  @Inject
  public UsersFileIdentityProvider(UserDirectory users, AuditLog audit) {
    this.users = users;
    this.audit = audit;
  }

  @Override
  public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
    return UsernamePasswordAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
    String clientAddress = clientAddress(request);
    return context.runBlocking(
        () -> {
          String name = request.getUsername();
          var account = users.authenticate(name, request.getPassword().getPassword());
          if (account.isEmpty()) {
            recordFailure(name, clientAddress);
            throw new AuthenticationFailedException();
          }
          QuarkusSecurityIdentity.Builder identity =
              QuarkusSecurityIdentity.builder()
                  .setPrincipal(new QuarkusPrincipal(account.get().name()))
                  .addRoles(account.get().roles())
                  .addAttribute(MAILBOXES, account.get().mailboxes());
          if (clientAddress != null) {
            identity.addAttribute(CLIENT_ADDRESS, clientAddress);
          }
          return identity.build();
        });
  }

  /**
   * The answer stays 401 even when the audit log cannot write: a refusal needs no record to stay a
   * refusal, and the log's own failure already makes the service not ready.
   */
  private void recordFailure(String name, String clientAddress) {
    try {
      audit.record(AuditEvent.of(AuditEventType.AUTHENTICATION_FAILED, new Actor(name.isBlank() ? "(empty)" : name, clientAddress))
          .detail("reason", users.isKnown(name) ? "wrong-password" : "unknown-account")
          .build());
    } catch (AuditUnavailableException e) {
      LOG.warnf("a failed login for '%s' could not be audited: %s", name, e.getMessage());
    }
  }

  private static String clientAddress(UsernamePasswordAuthenticationRequest request) {
    RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
    if (routing == null) {
      return null;
    }
    SocketAddress remote = routing.request().remoteAddress();
    return remote == null ? null : remote.hostAddress();
  }
}

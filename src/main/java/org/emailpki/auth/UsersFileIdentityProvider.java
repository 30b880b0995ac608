package org.emailpki.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** HTTP Basic credentials checked against the users file. */
@ApplicationScoped
public class UsersFileIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

  /** Identity attribute holding the account's set of {@code Mailbox}. */
  public static final String MAILBOXES = "emailpki.mailboxes";

  private final UserDirectory users;

  @Inject
  public UsersFileIdentityProvider(UserDirectory users) {
    this.users = users;
  }

  @Override
  public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
    return UsernamePasswordAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
    return context.runBlocking(
        () -> users
            .authenticate(request.getUsername(), request.getPassword().getPassword())
            .<SecurityIdentity>map(
                account -> QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(account.name()))
                    .addRoles(account.roles())
                    .addAttribute(MAILBOXES, account.mailboxes())
                    .build())
            .orElseThrow(AuthenticationFailedException::new));
  }
}

package org.emailpki.directory.ldap;

import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.function.Supplier;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.directory.DirectoryException;

/**
 * The connection pool to the directory the service writes to, bound as the service's DN: the
 * embedded server, or {@code emailpki.directory.url} ({@code ldap://} or {@code ldaps://}, the
 * latter checked against the JVM's trusted CAs and the host name).
 *
 * <p>The pool is created on first use, not at start-up, so the service starts while an external
 * directory is down; until it answers, {@link #pool()} throws and publishing stays in the outbox.
 * Connecting and each operation are bounded by timeouts, so a silent server cannot hang a caller.
 * Thread-safe.
 */
@ApplicationScoped
public class LdapConnections {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);
  private static final int MAX_CONNECTIONS = 4;

  /** Where and as whom to connect; the password is only read when a pool is created. */
  public record Endpoint(String url, String bindDn, Supplier<String> password) {
    @Override
    public String toString() {
      return url + " as " + bindDn; // never the password
    }
  }

  private final Supplier<Endpoint> endpoint;
  private final Duration connectTimeout;
  private final Duration responseTimeout;

  private LDAPConnectionPool pool; // guarded by this

  @Inject
  LdapConnections(EmailPkiConfig config, EmbeddedDirectoryServer embedded) {
    this(endpointFor(config.directory(), embedded), CONNECT_TIMEOUT, RESPONSE_TIMEOUT);
  }

  /**
   * Connections to the endpoint the supplier names when the pool is (re)created.
   *
   * @throws IllegalArgumentException when a timeout is not positive
   */
  public LdapConnections(Supplier<Endpoint> endpoint, Duration connectTimeout, Duration responseTimeout) {
    if (connectTimeout.isNegative() || connectTimeout.isZero()
        || responseTimeout.isNegative() || responseTimeout.isZero()) {
      throw new IllegalArgumentException("LDAP timeouts must be positive");
    }
    this.endpoint = endpoint;
    this.connectTimeout = connectTimeout;
    this.responseTimeout = responseTimeout;
  }

  /** Connections to the embedded server, as its bind DN with its generated password. */
  public static Supplier<Endpoint> embedded(EmbeddedDirectoryServer server) {
    return () -> new Endpoint("ldap://127.0.0.1:" + server.port(), server.bindDn(), server::bindPassword);
  }

  /** Connections to an external directory, with the password read from {@code passwordFile}. */
  public static Supplier<Endpoint> external(String url, String bindDn, Path passwordFile) {
    return () -> new Endpoint(url, bindDn, () -> readPassword(passwordFile));
  }

  private static Supplier<Endpoint> endpointFor(EmailPkiConfig.Directory config, EmbeddedDirectoryServer embedded) {
    if (config.embedded()) {
      return embedded(embedded);
    }
    return () -> {
      String url = config.url().orElseThrow(() -> new DirectoryException(
          "emailpki.directory.url is required when emailpki.directory.embedded is false", null));
      Path passwordFile = config.bindPasswordFile().orElseThrow(() -> new DirectoryException(
          "emailpki.directory.bind-password-file is required for an external directory", null));
      return external(url, config.bindDn(), passwordFile).get();
    };
  }

  private static String readPassword(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new DirectoryException("cannot read the directory bind password file " + file, e);
    }
  }

  /**
   * The pool, created (connected and bound) on first use or after {@link #close()}.
   *
   * @throws DirectoryException when the directory cannot be reached or refuses the bind
   */
  public synchronized LDAPConnectionPool pool() {
    if (pool != null && !pool.isClosed()) {
      return pool;
    }
    Endpoint target = endpoint.get();
    try {
      pool = connect(target);
      return pool;
    } catch (LDAPException e) {
      throw new DirectoryException(
          "cannot connect to the directory " + target + ": " + LdapFailures.describe(e), e);
    }
  }

  private LDAPConnectionPool connect(Endpoint target) throws LDAPException {
    LDAPURL url = new LDAPURL(target.url());
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis(Math.toIntExact(connectTimeout.toMillis()));
    options.setResponseTimeoutMillis(responseTimeout.toMillis());
    options.setAbandonOnTimeout(true);
    options.setUseKeepAlive(true);
    SingleServerSet servers;
    if ("ldaps".equalsIgnoreCase(url.getScheme())) {
      options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
      servers = new SingleServerSet(url.getHost(), url.getPort(), tls(), options);
    } else if ("ldap".equalsIgnoreCase(url.getScheme())) {
      servers = new SingleServerSet(url.getHost(), url.getPort(), options);
    } else {
      throw new DirectoryException("directory URL must be ldap:// or ldaps://: " + target.url(), null);
    }
    LDAPConnectionPool created = new LDAPConnectionPool(
        servers, new SimpleBindRequest(target.bindDn(), target.password().get()), 1, MAX_CONNECTIONS);
    // after a directory restart the pooled connections are dead: retry once on a fresh one
    created.setRetryFailedOperationsDueToInvalidConnections(true);
    created.setMaxWaitTimeMillis(responseTimeout.toMillis());
    created.setConnectionPoolName("emailpki-directory");
    return created;
  }

  private static javax.net.SocketFactory tls() {
    try {
      return new SSLUtil(JVMDefaultTrustManager.getInstance()).createSSLSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new DirectoryException("cannot set up TLS for the directory", e);
    }
  }

  /** Closes the pool; the next {@link #pool()} creates a new one. */
  @PreDestroy
  public synchronized void close() {
    if (pool != null) {
      pool.close();
      pool = null;
    }
  }
}

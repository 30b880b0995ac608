package org.emailpki.directory.ldap;

import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
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
import java.util.Optional;
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
 * After a failure to connect, or an operation that lost the connection, {@link #pool()} fails at
 * once for a back-off period instead of waiting out the timeouts again: a start-up
 * resynchronisation of many certificates against a down directory then costs one timeout, not one
 * per certificate. Thread-safe.
 */
@ApplicationScoped
public class LdapConnections {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);
  static final Duration BACK_OFF = Duration.ofSeconds(5);
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
  private final Duration backOff;

  private LDAPConnectionPool pool; // guarded by this
  private long retryAtNanos; // guarded by this; meaningful while lastFailure is set
  private String lastFailure; // guarded by this

  /**
   * The embedded server refuses at once when it is down, so there is nothing to wait out and it
   * gets no back-off: a replay right after it is back publishes.
   */
  @Inject
  LdapConnections(EmailPkiConfig config, EmbeddedDirectoryServer embedded) {
    this(
        endpointFor(config.directory(), embedded),
        CONNECT_TIMEOUT,
        RESPONSE_TIMEOUT,
        config.directory().embedded() ? Duration.ZERO : BACK_OFF);
  }

  /** Connections with the default back-off of {@link #BACK_OFF}. */
  public LdapConnections(
      Supplier<Endpoint> endpoint, Duration connectTimeout, Duration responseTimeout) {
    this(endpoint, connectTimeout, responseTimeout, BACK_OFF);
  }

  /**
   * Connections to the endpoint the supplier names when the pool is (re)created.
   *
   * @param backOff how long {@link #pool()} fails at once after the directory failed; may be zero
   * @throws IllegalArgumentException when a timeout is not positive or the back-off negative
   */
  public LdapConnections(
      Supplier<Endpoint> endpoint,
      Duration connectTimeout,
      Duration responseTimeout,
      Duration backOff) {
    if (connectTimeout.isNegative()
        || connectTimeout.isZero()
        || responseTimeout.isNegative()
        || responseTimeout.isZero()
        || backOff.isNegative()) {
      throw new IllegalArgumentException(
          "LDAP timeouts must be positive and the back-off not negative");
    }
    this.endpoint = endpoint;
    this.connectTimeout = connectTimeout;
    this.responseTimeout = responseTimeout;
    this.backOff = backOff;
  }

  /** Connections to the embedded server, as its bind DN with its generated password. */
  public static Supplier<Endpoint> embedded(EmbeddedDirectoryServer server) {
    return () ->
        new Endpoint("ldap://127.0.0.1:" + server.port(), server.bindDn(), server::bindPassword);
  }

  /** Connections to an external directory, with the password read from {@code passwordFile}. */
  public static Supplier<Endpoint> external(String url, String bindDn, Path passwordFile) {
    return () -> new Endpoint(url, bindDn, () -> readPassword(passwordFile));
  }

  private static Supplier<Endpoint> endpointFor(
      EmailPkiConfig.Directory config, EmbeddedDirectoryServer embedded) {
    if (config.embedded()) {
      return embedded(embedded);
    }
    // read when connecting, so a missing setting is a queued failure, not a failed start
    return () ->
        external(
                required(config.url(), "emailpki.directory.url"),
                config.bindDn(),
                required(config.bindPasswordFile(), "emailpki.directory.bind-password-file"))
            .get();
  }

  private static <T> T required(Optional<T> value, String setting) {
    return value.orElseThrow(
        () ->
            new DirectoryException(
                setting + " is required when emailpki.directory.embedded is false", null));
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
    if (lastFailure != null && System.nanoTime() - retryAtNanos < 0) {
      throw new DirectoryException("directory unavailable, not retried yet: " + lastFailure, null);
    }
    try {
      Endpoint target = endpoint.get();
      try {
        pool = connect(target);
      } catch (LDAPException e) {
        throw new DirectoryException(
            "cannot connect to the directory " + target + ": " + LdapFailures.describe(e), e);
      }
      lastFailure = null;
      return pool;
    } catch (DirectoryException e) {
      backOff(e.getMessage());
      throw e;
    }
  }

  /**
   * Tells the pool an operation failed; when the failure means the connection is gone (server down,
   * timeout), the pool is closed and {@link #pool()} backs off.
   */
  synchronized void failed(LDAPException e) {
    if (!ResultCode.isConnectionUsable(e.getResultCode())) {
      close();
      backOff(LdapFailures.describe(e));
    }
  }

  private void backOff(String failure) {
    lastFailure = failure;
    retryAtNanos = System.nanoTime() + backOff.toNanos();
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
      throw new DirectoryException(
          "directory URL must be ldap:// or ldaps://: " + target.url(), null);
    }
    LDAPConnectionPool created =
        new LDAPConnectionPool(
            servers,
            new SimpleBindRequest(target.bindDn(), target.password().get()),
            1,
            MAX_CONNECTIONS);
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

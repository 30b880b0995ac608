package org.emailpki.directory.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.Base64PasswordEncoderOutputFormatter;
import com.unboundid.ldap.listener.SaltedMessageDigestInMemoryPasswordEncoder;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.schema.Schema;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.directory.DirectoryException;
import org.emailpki.secrets.OwnerOnlyFiles;
import org.jboss.logging.Logger;

/**
 * The UnboundID in-memory directory that mail clients read when {@code emailpki.directory.embedded}
 * is true: listening on 127.0.0.1 only, loaded with the schema of {@code ldap-schema/} (enforced),
 * anonymous reads allowed and every write reserved to the service's bind DN, whose password is
 * generated into an owner-only file. A holder whose entry has a password (set through the
 * provisioning endpoint) binds as that entry and reads its own {@code userPKCS12}, which {@link
 * KeyContainerGuard} hides from everyone else.
 *
 * <p>It starts with the base entry, {@code ou=people} and {@code ou=cas}, plus the holders' keys and
 * bind passwords that {@link HolderDataFile} keeps (the store does not have them); the start-up
 * resynchronisation of the directory adds the certificates and CRLs. Thread-safe.
 */
@ApplicationScoped
public class EmbeddedDirectoryServer {

  private static final Logger LOG = Logger.getLogger(EmbeddedDirectoryServer.class);

  /** Below DirectorySync's start-up observer (default priority), which publishes at once. */
  static final int STARTUP_PRIORITY = Interceptor.Priority.PLATFORM_BEFORE;

  /** IPv4 loopback by address, so no resolver or IPv6 preference can widen where we listen. */
  static final InetAddress LOOPBACK = loopback();

  private final boolean enabled;
  private final DN baseDn;
  private final String bindDn;
  private final int configuredPort;
  private final Path passwordFile;
  private final boolean ownPasswordFolder;
  private final Optional<Path> schemaDir;
  private final SecureRandom random;

  private InMemoryDirectoryServer server; // guarded by this
  private String password; // guarded by this

  @Inject
  EmbeddedDirectoryServer(EmailPkiConfig config, SecureRandom random) {
    this(
        config.directory().embedded(),
        config.directory().baseDn(),
        config.directory().bindDn(),
        config.directory().embeddedPort(),
        config.directory().bindPasswordFile().orElse(defaultPasswordFile(config.dataDir())),
        config.directory().bindPasswordFile().isEmpty(),
        config.directory().schemaDir(),
        random);
  }

  /**
   * A server that {@link #start()} brings up.
   *
   * @param port the port on 127.0.0.1, or 0 for a free one
   * @param passwordFile where the bind password is kept; generated when absent
   * @param schemaDir a folder of OpenLDAP schema files, or empty for the packaged copy
   */
  public EmbeddedDirectoryServer(
      String baseDn,
      String bindDn,
      int port,
      Path passwordFile,
      Optional<Path> schemaDir,
      SecureRandom random) {
    this(true, baseDn, bindDn, port, passwordFile, false, schemaDir, random);
  }

  private EmbeddedDirectoryServer(
      boolean enabled,
      String baseDn,
      String bindDn,
      int port,
      Path passwordFile,
      boolean ownPasswordFolder,
      Optional<Path> schemaDir,
      SecureRandom random) {
    this.enabled = enabled;
    this.baseDn = parse(baseDn, "emailpki.directory.base-dn");
    this.bindDn = parse(bindDn, "emailpki.directory.bind-dn").toString();
    this.configuredPort = port;
    this.passwordFile = passwordFile;
    this.ownPasswordFolder = ownPasswordFolder;
    this.schemaDir = schemaDir;
    this.random = random;
  }

  /** {@code <data-dir>/directory/bind.pass}; {@link #start()} keeps its folder owner-only. */
  static Path defaultPasswordFile(Path dataDir) {
    return dataDir.resolve("directory").resolve("bind.pass");
  }

  /**
   * Starts the server before anything publishes. A failure (say, the port is taken) is logged
   * rather than stopping the service: publishing then fails, stays in the outbox, and the next
   * attempt tries to start the server again.
   */
  void onStart(@Observes @Priority(STARTUP_PRIORITY) StartupEvent event) {
    if (!enabled) {
      return;
    }
    try {
      start();
    } catch (DirectoryException e) {
      LOG.errorf("embedded directory not started: %s", e.getMessage());
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    stop();
  }

  /** Whether configuration asks for this server. */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Starts the server unless it runs; idempotent.
   *
   * @throws DirectoryException when the schema, the password file or the listener fails
   */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    String secret = readOrGeneratePassword();
    try {
      HolderDataFile holders = new HolderDataFile(holderDataFile(), baseDn.toString());
      InMemoryDirectoryServer started = new InMemoryDirectoryServer(config(secret, holders));
      addBaseEntries(started);
      holders.restoreInto(started);
      started.startListening();
      server = started;
      password = secret;
      LOG.infof(
          "embedded directory %s listening on ldap://127.0.0.1:%d",
          baseDn, started.getListenPort());
    } catch (LDAPException e) {
      throw new DirectoryException("embedded directory cannot start: " + e.getMessage(), e);
    }
  }

  private String readOrGeneratePassword() {
    try {
      Path folder = passwordFile.toAbsolutePath().getParent();
      // the default folder is ours to keep owner-only; a configured one is only created if missing
      if (ownPasswordFolder || !Files.isDirectory(folder)) {
        OwnerOnlyFiles.directory(folder);
      }
      return OwnerOnlyFiles.secret(passwordFile, random);
    } catch (UncheckedIOException e) {
      throw new DirectoryException("embedded directory bind password: " + e.getMessage(), e);
    }
  }

  /** Holders' keys and bind passwords, which the store does not have: beside the bind password. */
  Path holderDataFile() {
    return passwordFile.toAbsolutePath().getParent().resolve("holders.ldif");
  }

  private InMemoryDirectoryServerConfig config(String secret, HolderDataFile holders) throws LDAPException {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(baseDn);
    config.setListenerConfigs(
        InMemoryListenerConfig.createLDAPConfig("ldap", LOOPBACK, configuredPort, null));
    config.setSchema(schema());
    config.setEnforceAttributeSyntaxCompliance(true);
    config.setEnforceSingleStructuralObjectClass(true);
    config.addAdditionalBindCredentials(bindDn, secret);
    // Every publish and every mail client looks entries up by mail: without an index each lookup
    // scans the whole directory (measured: 27-47 ms at 10,000 entries, 0.04-0.13 ms with it).
    config.setEqualityIndexAttributes("mail");
    // anonymous binds and searches are how mail clients find certificates; writes are ours alone
    config.setAuthenticationRequiredOperationTypes(
        OperationType.ADD, OperationType.DELETE, OperationType.MODIFY, OperationType.MODIFY_DN);
    // Holders bind as their own entries to read their keys (userPKCS12): the guard keeps keys
    // from everyone else and writes to the service, as slapd-acl.conf does on OpenLDAP.
    KeyContainerGuard guard = new KeyContainerGuard(new DN(bindDn));
    config.addInMemoryOperationInterceptor(guard);
    config.setListenerExceptionHandler(guard);
    config.addInMemoryOperationInterceptor(holders);
    // Holder passwords are stored salted and hashed, never as given.
    config.setPasswordEncoders(
        new SaltedMessageDigestInMemoryPasswordEncoder(
            "{SSHA512}", Base64PasswordEncoderOutputFormatter.getInstance(), sha512(), 16, true, true));
    return config;
  }

  private static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-512", e);
    }
  }

  private Schema schema() {
    try {
      return OpenLdapSchemaFiles.load(schemaDir).schemaForInMemoryServer();
    } catch (RuntimeException e) {
      throw new DirectoryException(
          "embedded directory schema cannot be read: " + e.getMessage(), e);
    }
  }

  private void addBaseEntries(InMemoryDirectoryServer target) throws LDAPException {
    target.add(baseEntry(baseDn));
    for (String ou : new String[] {"people", "cas"}) {
      target.add(organizationalUnit(new DN(new RDN("ou", ou), baseDn)));
    }
  }

  /** The entry for the naming context: a domain component, organisation or unit by its RDN. */
  static Entry baseEntry(DN dn) {
    RDN rdn = dn.getRDN();
    String name = rdn.getAttributeNames()[0].toLowerCase(Locale.ROOT);
    String value = rdn.getAttributeValues()[0];
    return switch (name) {
      case "dc" ->
          new Entry(
              dn,
              attribute("objectClass", "top", "dcObject", "organization"),
              attribute("dc", value),
              attribute("o", value));
      case "o" ->
          new Entry(dn, attribute("objectClass", "top", "organization"), attribute("o", value));
      case "ou" -> organizationalUnit(dn);
      default ->
          throw new DirectoryException(
              "embedded directory base DN must start with dc=, o= or ou=: " + dn, null);
    };
  }

  static Entry organizationalUnit(DN dn) {
    return new Entry(
        dn,
        attribute("objectClass", "top", "organizationalUnit"),
        attribute("ou", dn.getRDN().getAttributeValues()[0]));
  }

  private static com.unboundid.ldap.sdk.Attribute attribute(String name, String... values) {
    return new com.unboundid.ldap.sdk.Attribute(name, values);
  }

  /** Stops the server; idempotent. */
  public synchronized void stop() {
    if (server != null) {
      server.shutDown(true);
      server = null;
      password = null;
    }
  }

  /**
   * The port the server listens on, starting it when needed.
   *
   * @throws DirectoryException when it cannot start
   */
  public synchronized int port() {
    start();
    return server.getListenPort();
  }

  /** The bind DN that may write, normalised as the server knows it. */
  public String bindDn() {
    return bindDn;
  }

  /** The base DN of the naming context. */
  public String baseDn() {
    return baseDn.toString();
  }

  /** The bind password, starting the server when needed; package-private: only for connecting. */
  synchronized String bindPassword() {
    start();
    return password;
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e); // cannot happen for a 4-byte address
    }
  }

  private static DN parse(String dn, String setting) {
    try {
      return new DN(dn);
    } catch (LDAPException e) {
      throw new IllegalArgumentException(setting + " is not a valid DN: " + dn, e);
    }
  }
}

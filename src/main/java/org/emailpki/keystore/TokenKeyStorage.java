package org.emailpki.keystore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.login.LoginException;
import org.emailpki.identity.Mailbox;
import org.emailpki.pkix.Csrs;

/**
 * A smart card or token through SunPKCS11 (handbook 1125 e): the key pair is generated on the
 * token as sensitive, never-extractable, private token objects, the CSR is signed on the token, and
 * the certificate is written beside the key under the same CKA_ID and CKA_LABEL. The private key
 * never exists anywhere else.
 *
 * <p>The module is any PKCS#11 library: SoftHSM2 ({@value #SOFTHSM2}) for tests and software
 * tokens, OpenSC's {@code opensc-pkcs11.so} for real cards. The PIN is used for the login only and
 * never kept in a message or log.
 */
public final class TokenKeyStorage implements KeyStorage {

  public static final String SOFTHSM2 = "/usr/lib/softhsm/libsofthsm2.so";

  private static final AtomicInteger PROVIDERS = new AtomicInteger();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path library;
  private final String tokenLabel;
  private final Long slot;
  private final Secret pin;

  /**
   * @param tokenLabel the token's label, or null for the only token present
   * @param pin the user PIN (borrowed: the caller closes it after provisioning)
   */
  public TokenKeyStorage(Path library, String tokenLabel, Secret pin) {
    this(library, tokenLabel, null, pin);
  }

  private TokenKeyStorage(Path library, String tokenLabel, Long slot, Secret pin) {
    this.library = library;
    this.tokenLabel = tokenLabel;
    this.slot = slot;
    this.pin = pin;
  }

  /** The token in slot {@code slot} (the slot ID {@code pkcs11-tool --list-slots} shows). */
  public static TokenKeyStorage inSlot(Path library, long slot, Secret pin) {
    return new TokenKeyStorage(library, null, slot, pin);
  }

  @Override
  public KeyStorageAssurance assurance() {
    return KeyStorageAssurance.SMART_CARD_PIN;
  }

  @Override
  public String location() {
    String token = slot != null ? "the token in slot " + slot : tokenLabel == null ? "the token" : "token '" + tokenLabel + "'";
    return token + " of " + library;
  }

  @Override
  public PendingKey generate(KeySpec spec, Mailbox holder) {
    if (spec == KeySpec.ED25519) {
      throw new KeyStorageException("tokens hold EC or RSA keys here: SunPKCS11 on Java 17 cannot use Ed25519");
    }
    Pkcs11Module module = Pkcs11Module.load(library);
    Pkcs11Module.Token token = slot != null ? module.tokenInSlot(slot) : module.token(tokenLabel);
    // The CKA_ID and CKA_LABEL of all three objects; P11KeyStore uses the alias's bytes as the
    // certificate's CKA_ID, so choosing the alias's bytes keeps key, public key and certificate together.
    String alias = holder.address() + " " + HexFormat.of().formatHex(randomBytes(4));
    byte[] id = alias.getBytes(StandardCharsets.UTF_8);
    Provider provider = Security.getProvider("SunPKCS11").configure("--" + configuration(token.slot(), id));
    KeyStore keyStore = login(provider, token);
    KeyPair pair;
    try {
      pair = generate(spec, provider);
    } catch (RuntimeException e) {
      module.destroyObjects(token.slot(), id);
      logout(provider);
      throw e;
    }
    Pending pending = new Pending(module, token, provider, keyStore, alias, id, pair);
    try {
      pending.csr = Csrs.forMailbox(holder.address(), pair.getPublic(), pair.getPrivate(), spec.signatureAlgorithm(), provider);
    } catch (RuntimeException e) {
      pending.discard();
      throw new KeyStorageException("the token could not sign the request: " + e.getMessage() + "; the new key was removed", e);
    }
    return pending;
  }

  private String configuration(long slot, byte[] id) {
    String hexId = HexFormat.of().formatHex(id);
    return String.join("\n",
        "name = emailpki-" + PROVIDERS.incrementAndGet(),
        "library = " + library,
        "slot = " + slot,
        "attributes(generate, *, *) = {",
        "  CKA_TOKEN = true",
        "  CKA_ID = 0h" + hexId,
        "  CKA_LABEL = 0h" + hexId,
        "}",
        "attributes(generate, CKO_PRIVATE_KEY, *) = {",
        "  CKA_PRIVATE = true",
        "  CKA_SENSITIVE = true",
        "  CKA_EXTRACTABLE = false",
        "}",
        "");
  }

  private KeyStore login(Provider provider, Pkcs11Module.Token token) {
    try {
      KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
      keyStore.load(null, pin.chars());
      return keyStore;
    } catch (IOException e) {
      String reason = pinRefusal(e);
      if (reason != null) {
        throw new PinRefusedException("token '" + token.label() + "' " + reason, e);
      }
      throw new KeyStorageException("cannot log in to token '" + token.label() + "': "
          + (e.getCause() instanceof LoginException ? e.getCause().getMessage() : e.getMessage()), e);
    } catch (GeneralSecurityException e) {
      throw new KeyStorageException("cannot open token '" + token.label() + "': " + e.getMessage(), e);
    }
  }

  /** Why the token refused the PIN, or null when the login failed for another reason; never the PIN. */
  private static String pinRefusal(Throwable e) {
    String reasons = "";
    for (Throwable t = e; t != null; t = t.getCause()) {
      reasons += " " + t.getMessage();
    }
    if (reasons.contains("CKR_PIN_INCORRECT")) {
      return "refused the PIN (wrong PIN; a card locks itself after a few wrong tries)";
    }
    if (reasons.contains("CKR_PIN_LOCKED")) {
      return "has locked its PIN: unblock it with the security officer's PIN";
    }
    if (reasons.contains("CKR_PIN_LEN_RANGE")) {
      return "refused the PIN: it has the wrong length for this token";
    }
    return null;
  }

  private static KeyPair generate(KeySpec spec, Provider provider) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(spec.keyAlgorithm(), provider);
      generator.initialize(spec.parameters().orElseThrow());
      return generator.generateKeyPair();
    } catch (GeneralSecurityException | java.security.ProviderException e) {
      throw new KeyStorageException("the token cannot generate a " + spec.externalName() + " key: " + e.getMessage(), e);
    }
  }

  private static void logout(Provider provider) {
    try {
      ((AuthProvider) provider).logout();
    } catch (LoginException e) {
      // the session ends with the process anyway; nothing of the key depends on it
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private final class Pending implements PendingKey {
    private final Pkcs11Module module;
    private final Pkcs11Module.Token token;
    private final Provider provider;
    private final KeyStore keyStore;
    private final String alias;
    private final byte[] id;
    private final KeyPair pair;
    private String csr;
    private boolean loggedIn = true;

    Pending(Pkcs11Module module, Pkcs11Module.Token token, Provider provider, KeyStore keyStore, String alias, byte[] id, KeyPair pair) {
      this.module = module;
      this.token = token;
      this.provider = provider;
      this.keyStore = keyStore;
      this.alias = alias;
      this.id = id;
      this.pair = pair;
    }

    @Override
    public String csrPem() {
      return csr;
    }

    @Override
    public java.security.PublicKey publicKey() {
      return pair.getPublic();
    }

    @Override
    public KeyStorageAssurance assurance() {
      return KeyStorageAssurance.SMART_CARD_PIN;
    }

    @Override
    public String location() {
      return "token '" + token.label() + "' of " + library + ", CKA_ID " + HexFormat.of().formatHex(id) + " (\"" + alias + "\")";
    }

    /** Stores the holder's certificate only: the CA certificates come from the service's /ca/ URLs. */
    @Override
    public ProvisionedKey install(List<X509Certificate> chain) {
      IssuedChains.requireFor(chain, pair.getPublic());
      try {
        keyStore.setKeyEntry(alias, pair.getPrivate(), null, new Certificate[] {chain.get(0)});
      } catch (GeneralSecurityException e) {
        throw new KeyStorageException("cannot write the certificate to token '" + token.label() + "': " + e.getMessage(), e);
      }
      logout(provider);
      loggedIn = false;
      return new ProvisionedKey(assurance(), location(), chain.get(0));
    }

    /** After {@link #install} it logs in again: the private key is a private object, found only then. */
    @Override
    public void discard() {
      if (!loggedIn) {
        login(provider, token);
        loggedIn = true;
      }
      try {
        module.destroyObjects(token.slot(), id);
      } finally {
        logout(provider);
        loggedIn = false;
      }
    }
  }
}

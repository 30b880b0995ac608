package org.emailpki.keystore;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import org.emailpki.identity.Mailbox;
import org.emailpki.keystore.KeyStorageAssurance.Place;
import org.emailpki.pkix.Csrs;
import org.emailpki.pkix.Pkcs12;
import org.emailpki.pkix.Pkcs12Protection;
import org.emailpki.pkix.Providers;

/**
 * A key made in software (Bouncy Castle) and kept in a PKCS#12 that a {@link Pkcs12Sink} stores:
 * the home directory, removable media and directory targets. The PKCS#12 is written as soon as the
 * key exists, so an unwritable place fails before anything is enrolled; it is rewritten with the
 * certificate chain on install.
 */
public final class SoftwareKeyStorage implements KeyStorage {

  private final Place place;
  private final Pkcs12Sink sink;
  private final Pkcs12Protection protection;
  private final Secret password;

  private SoftwareKeyStorage(Place place, Pkcs12Sink sink, Pkcs12Protection protection, Secret password) {
    if (place == Place.SMART_CARD) {
      throw new IllegalArgumentException("a smart card key is never made in software");
    }
    this.place = place;
    this.sink = sink;
    this.protection = protection;
    this.password = password;
  }

  /** A PKCS#12 with no password, guarded only by the place's own access control. */
  public static SoftwareKeyStorage unprotected(Place place, Pkcs12Sink sink) {
    return new SoftwareKeyStorage(place, sink, Pkcs12Protection.NONE, null);
  }

  /**
   * A PKCS#12 encrypted under {@code password} (borrowed: the caller closes it after provisioning).
   *
   * @param protection {@link Pkcs12Protection#AES_256}, or {@link Pkcs12Protection#LEGACY_3DES} for old clients
   */
  public static SoftwareKeyStorage passwordProtected(
      Place place, Pkcs12Sink sink, Secret password, Pkcs12Protection protection) {
    if (!protection.passwordProtected() || password == null) {
      throw new IllegalArgumentException("a password-protected PKCS#12 needs a password and an encryption");
    }
    return new SoftwareKeyStorage(place, sink, protection, password);
  }

  @Override
  public KeyStorageAssurance assurance() {
    return KeyStorageAssurance.of(place, password != null);
  }

  @Override
  public String location() {
    return sink.location();
  }

  public Pkcs12Protection protection() {
    return protection;
  }

  @Override
  public PendingKey generate(KeySpec spec, Mailbox holder) {
    sink.check();
    KeyPair pair = newKeyPair(spec);
    String csr = Csrs.forMailbox(holder.address(), pair.getPublic(), pair.getPrivate(), spec.signatureAlgorithm(), Providers.bc());
    Pending pending = new Pending(pair, holder.address(), csr);
    try {
      pending.write(List.of());
    } catch (RuntimeException e) {
      sink.remove();
      throw e;
    }
    return pending;
  }

  private static KeyPair newKeyPair(KeySpec spec) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(spec.keyAlgorithm(), Providers.bc());
      if (spec.parameters().isPresent()) {
        generator.initialize(spec.parameters().get());
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + spec.externalName() + " key", e);
    }
  }

  private final class Pending implements PendingKey {
    private final KeyPair pair;
    private final String friendlyName;
    private final String csr;

    Pending(KeyPair pair, String friendlyName, String csr) {
      this.pair = pair;
      this.friendlyName = friendlyName;
      this.csr = csr;
    }

    void write(List<java.security.cert.X509Certificate> chain) {
      char[] secret = password == null ? null : password.chars();
      sink.write(Pkcs12.encode(pair.getPrivate(), pair.getPublic(), chain, friendlyName, protection, secret));
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
      return SoftwareKeyStorage.this.assurance();
    }

    @Override
    public String location() {
      return sink.location();
    }

    @Override
    public ProvisionedKey install(List<java.security.cert.X509Certificate> chain) {
      IssuedChains.requireFor(chain, pair.getPublic());
      write(chain);
      return new ProvisionedKey(assurance(), location(), chain.get(0));
    }

    @Override
    public void discard() {
      sink.remove();
    }
  }
}

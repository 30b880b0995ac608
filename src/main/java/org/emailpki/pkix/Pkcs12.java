package org.emailpki.pkix;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;

/**
 * Writes PKCS#12 (RFC 7292) files that OpenSSL, NSS (Thunderbird), Windows and macOS import: one
 * private key with its certificate chain, tied together by a localKeyId and a friendly name.
 */
public final class Pkcs12 {

  /**
   * PBKDF2 iterations for the AES scheme. OWASP asks 600,000 for HMAC-SHA256 password hashes; a
   * PKCS#12 is opened rarely, but by clients that run the KDF once per bag, and 100,000 keeps an
   * import under a second on a slow laptop while costing a guesser 100,000 HMACs per try.
   */
  static final int PBKDF2_ITERATIONS = 100_000;

  /** PKCS#12's own KDF (for the MAC and the legacy scheme); the count old clients still accept. */
  static final int PKCS12_KDF_ITERATIONS = 10_000;

  static {
    Providers.bc();
  }

  private Pkcs12() {}

  /**
   * Encodes {@code key} with {@code chain} (the key's certificate first; may be empty while the
   * certificate is being requested).
   *
   * @param password ignored (may be null) for {@link Pkcs12Protection#NONE}; read, not kept
   */
  public static byte[] encode(
      PrivateKey key, PublicKey publicKey, List<X509Certificate> chain, String friendlyName,
      Pkcs12Protection protection, char[] password) {
    if (protection.passwordProtected() && (password == null || password.length == 0)) {
      throw new IllegalArgumentException("a password-protected PKCS#12 needs a password");
    }
    try {
      var localKeyId = new JcaX509ExtensionUtils().createSubjectKeyIdentifier(publicKey);
      PrivateKeyInfo keyInfo = version1(key);
      PKCS12SafeBagBuilder keyBag =
          protection.passwordProtected()
              ? new PKCS12SafeBagBuilder(keyInfo, encryptor(protection, password))
              : new PKCS12SafeBagBuilder(keyInfo);
      keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(friendlyName));
      keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);
      PKCS12SafeBag[] certBags = new PKCS12SafeBag[chain.size()];
      for (int i = 0; i < chain.size(); i++) {
        JcaPKCS12SafeBagBuilder certBag = new JcaPKCS12SafeBagBuilder(chain.get(i));
        if (i == 0) {
          certBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(friendlyName));
          certBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);
        }
        certBags[i] = certBag.build();
      }
      PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
      if (certBags.length > 0) {
        if (protection.passwordProtected()) {
          pfx.addEncryptedData(encryptor(protection, password), certBags);
        } else {
          for (PKCS12SafeBag bag : certBags) {
            pfx.addData(bag);
          }
        }
      }
      pfx.addData(keyBag.build());
      return protection.passwordProtected()
          ? pfx.build(mac(protection), password).getEncoded()
          : pfx.build(null, null).getEncoded();
    } catch (IOException | OperatorCreationException | PKCSException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot encode the PKCS#12", e);
    }
  }

  /**
   * The key as a version 1 PKCS#8 structure. Bouncy Castle writes Ed25519 keys as version 2 (RFC
   * 5958, with the public key), which OpenSSL 3.0 and older NSS cannot read in a PKCS#12.
   */
  private static PrivateKeyInfo version1(PrivateKey key) throws IOException {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
    return new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), info.parsePrivateKey());
  }

  private static OutputEncryptor encryptor(Pkcs12Protection protection, char[] password)
      throws OperatorCreationException {
    JcePKCSPBEOutputEncryptorBuilder builder =
        switch (protection) {
          case AES_256 -> new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
              .setPRF(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))
              .setIterationCount(PBKDF2_ITERATIONS);
          case LEGACY_3DES -> new JcePKCSPBEOutputEncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
              .setIterationCount(PKCS12_KDF_ITERATIONS);
          case NONE -> throw new IllegalArgumentException("no encryption without a password");
        };
    return builder.setProvider(Providers.bc()).build(password);
  }

  private static JcePKCS12MacCalculatorBuilder mac(Pkcs12Protection protection) {
    ASN1ObjectIdentifier digest = protection == Pkcs12Protection.AES_256 ? NISTObjectIdentifiers.id_sha256 : OIWObjectIdentifiers.idSHA1;
    return new JcePKCS12MacCalculatorBuilder(digest).setProvider(Providers.bc()).setIterationCount(PKCS12_KDF_ITERATIONS);
  }
}

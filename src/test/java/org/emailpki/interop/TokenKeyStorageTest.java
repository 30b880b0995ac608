package org.emailpki.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.emailpki.identity.Mailbox;
import org.emailpki.keystore.KeyProvisioner;
import org.emailpki.keystore.KeySpec;
import org.emailpki.keystore.KeyStorageAssurance;
import org.emailpki.keystore.KeyStorageException;
import org.emailpki.keystore.ProvisionedKey;
import org.emailpki.keystore.ProvisioningException;
import org.emailpki.keystore.Secret;
import org.emailpki.keystore.TokenKeyStorage;
import org.emailpki.pkix.Certificates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token target on real SoftHSM2 tokens through SunPKCS11, checked from outside with OpenSC's
 * {@code pkcs11-tool} and {@code openssl}: the key is sensitive, never extractable and private,
 * its certificate shares its CKA_ID, its value cannot be read, and it signs what the certificate
 * verifies.
 */
class TokenKeyStorageTest {

  static final Mailbox ALICE = Mailbox.parse("alice@example.org");
  private static final Pattern ID = Pattern.compile("^\\s*ID:\\s*([0-9a-f]+)\\s*$", Pattern.MULTILINE);

  @TempDir Path dir;
  OpensslCa ca;

  @BeforeEach
  void ca() {
    SoftHsm.module();
    ca = OpensslCa.create(dir);
  }

  private ProvisionedKey provision(String label, String pin, KeySpec spec, org.emailpki.keystore.Enroller enroller) {
    try (Secret secret = Secret.copyOf(pin.toCharArray())) {
      return new KeyProvisioner().provision(new TokenKeyStorage(SoftHsm.MODULE, label, secret), spec, ALICE, enroller);
    }
  }

  private Tools.Result objects(String label, boolean login) {
    return SoftHsm.pkcs11Tool(dir, Map.of(), label, login, "--list-objects").assertSuccess();
  }

  @Test
  void anEcKeyIsMadeOnTheTokenAndNeverLeavesIt() throws Exception {
    String label = SoftHsm.sharedToken();
    ProvisionedKey key = provision(label, SoftHsm.PIN, KeySpec.EC_P256, ca.enroller());
    assertEquals(KeyStorageAssurance.SMART_CARD_PIN, key.assurance());

    String listed = objects(label, true).stdout();
    assertTrue(listed.contains("Private Key Object; EC"), listed);
    assertTrue(listed.contains("Access:     sensitive, always sensitive, never extractable, local"), listed);
    assertTrue(listed.contains("Certificate Object; type = X.509 cert"), listed);
    String id = sameIdOnAll(listed, 3);
    assertTrue(key.location().contains("CKA_ID " + id), key.location());
    // CKA_PRIVATE: without a login the private key is not even listed.
    String anonymous = objects(label, false).stdout();
    assertFalse(anonymous.contains("Private Key Object"), anonymous);
    assertTheValueCannotBeRead(label, id, key);
    assertSignatureVerifies(label, id, key, true);
  }

  /**
   * Through a SunPKCS11 provider of the test's own: the entry is there under the certificate's
   * label, its certificate is the issued one, and the private key's value is not given out
   * (SunPKCS11 reads CKA_SENSITIVE and CKA_EXTRACTABLE and returns no encoding).
   */
  private void assertTheValueCannotBeRead(String label, String id, ProvisionedKey key) throws Exception {
    Matcher slot = Pattern.compile("Slot \\d+ \\(0x([0-9a-f]+)\\):.*\\n\\s*token label\\s*:\\s*" + Pattern.quote(label) + "\\s*\\n")
        .matcher(SoftHsm.pkcs11Tool(dir, Map.of(), label, false, "--list-slots").assertSuccess().stdout());
    assertTrue(slot.find(), "the token's slot in pkcs11-tool --list-slots");
    java.security.Provider p = java.security.Security.getProvider("SunPKCS11").configure(
        "--name = check-" + label + "\nlibrary = " + SoftHsm.MODULE + "\nslot = " + Long.parseLong(slot.group(1), 16) + "\n");
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS11", p);
    ks.load(null, SoftHsm.PIN.toCharArray());
    String alias = new String(java.util.HexFormat.of().parseHex(id), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(List.of(alias), java.util.Collections.list(ks.aliases()));
    assertEquals(key.certificate(), ks.getCertificate(alias));
    java.security.Key privateKey = ks.getKey(alias, null);
    assertEquals(null, privateKey.getEncoded(), "no value given out for " + privateKey);
    assertTrue(privateKey.toString().contains("token object, sensitive, unextractable"), privateKey.toString());
    assertTheTokenRefusesTheValue(Long.parseLong(slot.group(1), 16), java.util.HexFormat.of().parseHex(id));
    ((java.security.AuthProvider) p).logout();
  }

  /**
   * Asks the token itself for the private key's CKA_VALUE with C_GetAttributeValue, as any PKCS#11
   * application could (the login above holds for this session): CKR_ATTRIBUTE_SENSITIVE. The JDK's
   * wrapper is reached by reflection (surefire exports it; javac does not see it).
   */
  private static void assertTheTokenRefusesTheValue(long slot, byte[] id) throws Exception {
    String w = "sun.security.pkcs11.wrapper.";
    Class<?> p11Class = Class.forName(w + "PKCS11");
    Class<?> attribute = Class.forName(w + "CK_ATTRIBUTE");
    Object p11 = p11Class.getMethod("getInstance", String.class, String.class, Class.forName(w + "CK_C_INITIALIZE_ARGS"), boolean.class)
        .invoke(null, SoftHsm.MODULE.toString(), "C_GetFunctionList", null, false);
    long session = (long) p11Class.getMethod("C_OpenSession", long.class, long.class, Object.class, Class.forName(w + "CK_NOTIFY"))
        .invoke(p11, slot, 0x4L /* CKF_SERIAL_SESSION */, null, null);
    try {
      Object privateKeyWithId = java.lang.reflect.Array.newInstance(attribute, 2);
      java.lang.reflect.Array.set(privateKeyWithId, 0, attribute.getConstructor(long.class, long.class).newInstance(0x0L /* CKA_CLASS */, 3L /* CKO_PRIVATE_KEY */));
      java.lang.reflect.Array.set(privateKeyWithId, 1, attribute.getConstructor(long.class, Object.class).newInstance(0x102L /* CKA_ID */, id));
      p11Class.getMethod("C_FindObjectsInit", long.class, privateKeyWithId.getClass()).invoke(p11, session, privateKeyWithId);
      long[] handles = (long[]) p11Class.getMethod("C_FindObjects", long.class, long.class).invoke(p11, session, 8L);
      p11Class.getMethod("C_FindObjectsFinal", long.class).invoke(p11, session);
      assertEquals(1, handles.length, "one private key with that CKA_ID");
      Object value = java.lang.reflect.Array.newInstance(attribute, 1);
      java.lang.reflect.Array.set(value, 0, attribute.getConstructor(long.class).newInstance(0x11L /* CKA_VALUE */));
      java.lang.reflect.InvocationTargetException refused = assertThrows(java.lang.reflect.InvocationTargetException.class,
          () -> p11Class.getMethod("C_GetAttributeValue", long.class, long.class, value.getClass()).invoke(p11, session, handles[0], value));
      assertTrue(String.valueOf(refused.getCause()).contains("CKR_ATTRIBUTE_SENSITIVE"), String.valueOf(refused.getCause()));
    } finally {
      p11Class.getMethod("C_CloseSession", long.class).invoke(p11, session);
    }
  }

  @Test
  void anRsaKeyWorksToo() throws Exception {
    String label = SoftHsm.sharedToken();
    ProvisionedKey key = provision(label, SoftHsm.PIN, KeySpec.RSA_2048, ca.enroller());
    Tools.Result objects = objects(label, true);
    String listed = objects.stdout();
    assertTrue(listed.contains("Private Key Object; RSA"), objects.toString());
    assertSignatureVerifies(label, sameIdOnAll(listed, 3), key, false);
  }

  /**
   * pkcs11-tool signs with the token's key; openssl verifies with the issued certificate. SoftHSM2
   * 2.6 has no hashing ECDSA mechanisms, so for EC openssl hashes and the token signs the digest
   * with plain CKM_ECDSA: the signature is still the token key's over SHA-256 of the data.
   */
  private void assertSignatureVerifies(String label, String id, ProvisionedKey key, boolean ec) {
    Pki.write(dir.resolve("data.txt"), "signed on the token\n");
    Pki.write(dir.resolve("cert.pem"), Certificates.pem(key.certificate()));
    List<String> sign = new java.util.ArrayList<>(List.of("--sign", "--id", id, "--output-file", "data.sig"));
    if (ec) {
      Tools.run(dir, "openssl", "dgst", "-sha256", "-binary", "-out", "data.sha256", "data.txt").assertSuccess();
      sign.addAll(List.of("--mechanism", "ECDSA", "--input-file", "data.sha256", "--signature-format", "openssl"));
    } else {
      sign.addAll(List.of("--mechanism", "SHA256-RSA-PKCS", "--input-file", "data.txt"));
    }
    SoftHsm.pkcs11Tool(dir, Map.of(), label, true, sign.toArray(String[]::new)).assertSuccess();
    Tools.run(dir, "openssl", "x509", "-in", "cert.pem", "-noout", "-pubkey", "-out", "pub.pem").assertSuccess();
    Tools.run(dir, "openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "data.sig", "data.txt")
        .assertSuccess().assertOutputContains("Verified OK");
  }

  /** The one CKA_ID every listed object has; fails unless there are exactly {@code objects}. */
  private static String sameIdOnAll(String listed, int objects) {
    Matcher m = ID.matcher(listed);
    List<String> ids = new java.util.ArrayList<>();
    while (m.find()) {
      ids.add(m.group(1));
    }
    assertEquals(objects, ids.size(), listed);
    assertEquals(1, ids.stream().distinct().count(), "key, public key and certificate share one CKA_ID:\n" + listed);
    return ids.get(0);
  }

  @Test
  void aWrongPinIsRefusedAndLeavesNothing() {
    String label = SoftHsm.sharedToken();
    KeyStorageException e = assertThrows(KeyStorageException.class, () -> provision(label, "not-the-pin", KeySpec.EC_P256, ca.enroller()));
    assertEquals("token '" + label + "' refused the PIN (wrong PIN; a card locks itself after a few wrong tries)", e.getMessage());
    assertFalse(e.getMessage().contains("not-the-pin"));
    assertFalse(objects(label, true).stdout().contains("Object"), "no object on the token");
  }

  @Test
  void aRefusedEnrolmentDestroysTheKeyOnTheToken() {
    String label = SoftHsm.sharedToken();
    ProvisioningException e = assertThrows(ProvisioningException.class,
        () -> provision(label, SoftHsm.PIN, KeySpec.EC_P384, OpensslCa.refusing("the profile needs a verified card")));
    assertTrue(e.getMessage().matches("the profile needs a verified card; the new key was removed from token '" + label
        + "' of " + SoftHsm.MODULE + ", CKA_ID [0-9a-f]+ \\(\"alice@example.org [0-9a-f]{8}\"\\)"), e.getMessage());
    String listed = objects(label, true).stdout();
    assertFalse(listed.contains("Object"), "private and public key destroyed:\n" + listed);
  }

  /** The service records the provisioning after install: when that fails, key and certificate go again. */
  @Test
  void aFailureAfterInstallDestroysTheKeyAndItsCertificate() {
    String label = SoftHsm.sharedToken();
    ProvisioningException e = assertThrows(ProvisioningException.class, () -> {
      try (Secret secret = Secret.copyOf(SoftHsm.PIN.toCharArray())) {
        new KeyProvisioner().provision(new TokenKeyStorage(SoftHsm.MODULE, label, secret), KeySpec.EC_P256, ALICE, ca.enroller(),
            installed -> {
              assertTrue(objects(label, true).stdout().contains("Certificate Object"), "installed before the failure");
              throw new IllegalStateException("the audit log cannot record the provisioning");
            });
      }
    });
    assertTrue(e.keyRemoved());
    assertTrue(e.getMessage().startsWith("the audit log cannot record the provisioning; the new key was removed from token '"
        + label + "'"), e.getMessage());
    String listed = objects(label, true).stdout();
    assertFalse(listed.contains("Object"), "private key, public key and certificate destroyed:\n" + listed);
  }

  @Test
  void anUnknownTokenLabelOrModuleIsNamed() {
    String label = SoftHsm.sharedToken();
    KeyStorageException e = assertThrows(KeyStorageException.class, () -> provision("no-such-card", SoftHsm.PIN, KeySpec.EC_P256, ca.enroller()));
    assertTrue(e.getMessage().startsWith("no token labelled 'no-such-card' in " + SoftHsm.MODULE + " (tokens present: "), e.getMessage());
    assertTrue(e.getMessage().contains("'" + label + "'"), e.getMessage());

    KeyStorageException missing = assertThrows(KeyStorageException.class, () -> {
      try (Secret pin = Secret.copyOf(SoftHsm.PIN.toCharArray())) {
        new KeyProvisioner().provision(new TokenKeyStorage(Path.of("/nonexistent/pkcs11.so"), label, pin), KeySpec.EC_P256, ALICE, ca.enroller());
      }
    });
    assertTrue(missing.getMessage().startsWith("PKCS#11 module /nonexistent/pkcs11.so not found"), missing.getMessage());

    Path notALibrary = Pki.write(dir.resolve("not-a-module.so"), "text, not a shared library\n");
    KeyStorageException unloadable = assertThrows(KeyStorageException.class, () -> {
      try (Secret pin = Secret.copyOf(SoftHsm.PIN.toCharArray())) {
        new KeyProvisioner().provision(new TokenKeyStorage(notALibrary, label, pin), KeySpec.EC_P256, ALICE, ca.enroller());
      }
    });
    // the loader's own words (the dynamic linker's), not the reflection wrapper's class name
    assertTrue(unloadable.getMessage().startsWith("cannot load the PKCS#11 module " + notALibrary + ": "), unloadable.getMessage());
    assertTrue(unloadable.getMessage().contains("not-a-module.so"), unloadable.getMessage());
    assertFalse(unloadable.getMessage().contains("InvocationTargetException"), unloadable.getMessage());
  }

  @Test
  void aSlotWithoutAnInitialisedTokenOrWithNoTokenIsNamed() {
    SoftHsm.sharedToken(); // makes sure the tokens, and SoftHSM2's one free slot after them, exist
    Matcher free = Pattern.compile("Slot \\d+ \\(0x([0-9a-f]+)\\):[^\\n]*\\n\\s*token state:\\s*uninitialized")
        .matcher(Tools.run(dir, "pkcs11-tool", "--module", SoftHsm.MODULE.toString(), "--list-slots").assertSuccess().stdout());
    assertTrue(free.find(), "SoftHSM2 offers a free slot");
    long slot = Long.parseLong(free.group(1), 16);
    KeyStorageException uninitialised = assertThrows(KeyStorageException.class, () -> provisionInSlot(slot));
    assertEquals("the token in slot " + slot + " of " + SoftHsm.MODULE + " is not initialised (initialise it first, e.g."
        + " softhsm2-util --init-token --slot " + slot + " --label ...)", uninitialised.getMessage());

    KeyStorageException none = assertThrows(KeyStorageException.class, () -> provisionInSlot(4_000_000_000L));
    assertTrue(none.getMessage().startsWith("no token in slot 4000000000 of " + SoftHsm.MODULE + " (slots with a token: "), none.getMessage());
    assertTrue(none.getMessage().contains(slot + " (not initialised)"), none.getMessage());
  }

  private ProvisionedKey provisionInSlot(long slot) {
    try (Secret pin = Secret.copyOf(SoftHsm.PIN.toCharArray())) {
      return new KeyProvisioner().provision(TokenKeyStorage.inSlot(SoftHsm.MODULE, slot, pin), KeySpec.EC_P256, ALICE, ca.enroller());
    }
  }

  @Test
  void ed25519IsRefusedBeforeTheTokenIsTouched() {
    KeyStorageException e = assertThrows(KeyStorageException.class, () -> provision("any", SoftHsm.PIN, KeySpec.ED25519, ca.enroller()));
    assertEquals("tokens hold EC or RSA keys here: SunPKCS11 on Java 17 cannot use Ed25519", e.getMessage());
  }
}

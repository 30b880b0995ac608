package org.emailpki.keystore;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The few PKCS#11 calls SunPKCS11 does not expose: finding a token by its label (SunPKCS11's
 * configuration only knows slot numbers) and destroying the objects of a key that was never
 * completed (its KeyStore view only shows keys that have a certificate). They go through the JDK's
 * own PKCS#11 wrapper, on the same module instance SunPKCS11 uses, so a login made through the
 * KeyStore holds for them too. The wrapper package is not exported: the JVM needs {@value
 * #ADD_EXPORTS} (the {@code emailpki} launcher and the test run pass it).
 */
final class Pkcs11Module {

  static final String ADD_EXPORTS = "--add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED";

  private static final String WRAPPER = "sun.security.pkcs11.wrapper.";
  private static final long CKF_TOKEN_INITIALIZED = 0x400;
  private static final long CKF_RW_SESSION = 0x2;
  private static final long CKF_SERIAL_SESSION = 0x4;
  private static final long CKA_ID = 0x102;

  /** A token present in a slot. */
  record Token(long slot, String label, boolean initialized) {}

  private final Path library;
  private final Object p11;
  private final Class<?> p11Class;

  private Pkcs11Module(Path library, Object p11, Class<?> p11Class) {
    this.library = library;
    this.p11 = p11;
    this.p11Class = p11Class;
  }

  /** Loads (or reuses) {@code library}; SunPKCS11 shares the loaded instance. */
  static Pkcs11Module load(Path library) {
    if (!Files.isRegularFile(library)) {
      throw new KeyStorageException("PKCS#11 module " + library + " not found (SoftHSM2: /usr/lib/softhsm/libsofthsm2.so,"
          + " OpenSC for smart cards: /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so)");
    }
    try {
      Class<?> p11Class = Class.forName(WRAPPER + "PKCS11");
      Method getInstance = p11Class.getMethod("getInstance", String.class, String.class, Class.forName(WRAPPER + "CK_C_INITIALIZE_ARGS"), boolean.class);
      return new Pkcs11Module(library, getInstance.invoke(null, library.toString(), "C_GetFunctionList", null, false), p11Class);
    } catch (IllegalAccessException e) {
      throw new KeyStorageException("this JVM does not let emailpki reach the PKCS#11 wrapper: run java with " + ADD_EXPORTS, e);
    } catch (InvocationTargetException e) {
      // The wrapper's own failure (e.g. the dynamic linker's "invalid ELF header") says what is wrong.
      throw new KeyStorageException("cannot load the PKCS#11 module " + library + ": " + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw failure("cannot load the PKCS#11 module " + library, e);
    }
  }

  /** The tokens present, in slot order. */
  List<Token> tokens() {
    List<Token> tokens = new ArrayList<>();
    for (long slot : (long[]) call("C_GetSlotList", new Class<?>[] {boolean.class}, true)) {
      Object info = call("C_GetTokenInfo", new Class<?>[] {long.class}, slot);
      try {
        String label = new String((char[]) info.getClass().getField("label").get(info)).strip();
        long flags = info.getClass().getField("flags").getLong(info);
        tokens.add(new Token(slot, label, (flags & CKF_TOKEN_INITIALIZED) != 0));
      } catch (ReflectiveOperationException e) {
        throw failure("cannot read the token in slot " + slot, e);
      }
    }
    return tokens;
  }

  /**
   * The initialised token labelled {@code label}, or the only one when {@code label} is null.
   *
   * @throws KeyStorageException naming the tokens present when there is no such token
   */
  Token token(String label) {
    List<Token> initialised = tokens().stream().filter(Token::initialized).toList();
    List<String> labels = initialised.stream().map(t -> "'" + t.label() + "'").toList();
    if (initialised.isEmpty()) {
      throw new KeyStorageException("no initialised token in any slot of " + library
          + ": insert the card (or initialise a token, e.g. softhsm2-util --init-token --free --label ...)");
    }
    if (label == null) {
      if (initialised.size() > 1) {
        throw new KeyStorageException("several tokens in " + library + " (" + String.join(", ", labels) + "): name one with --token-label");
      }
      return initialised.get(0);
    }
    return initialised.stream().filter(t -> t.label().equals(label)).findFirst()
        .orElseThrow(() -> new KeyStorageException("no token labelled '" + label + "' in " + library
            + " (tokens present: " + String.join(", ", labels) + ")"));
  }

  /**
   * The token in slot {@code slot}.
   *
   * @throws KeyStorageException naming the slots that hold a token when that one holds none, or an
   *     uninitialised one
   */
  Token tokenInSlot(long slot) {
    List<Token> present = tokens();
    Token token = present.stream().filter(t -> t.slot() == slot).findFirst()
        .orElseThrow(() -> new KeyStorageException("no token in slot " + slot + " of " + library + " (slots with a token: "
            + String.join(", ", present.stream().map(t -> t.slot() + (t.initialized() ? " '" + t.label() + "'" : " (not initialised)")).toList())
            + ")"));
    if (!token.initialized()) {
      throw new KeyStorageException("the token in slot " + slot + " of " + library + " is not initialised"
          + " (initialise it first, e.g. softhsm2-util --init-token --slot " + slot + " --label ...)");
    }
    return token;
  }

  /**
   * Destroys every object with {@code id} on the token in {@code slot}, private ones included when
   * this application is logged in to the token. Returns how many were destroyed.
   */
  int destroyObjects(long slot, byte[] id) {
    long session = (long) call("C_OpenSession", new Class<?>[] {long.class, long.class, Object.class, notifyClass()},
        slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, null, null);
    try {
      Object template = java.lang.reflect.Array.newInstance(attributeClass(), 1);
      java.lang.reflect.Array.set(template, 0, attribute(CKA_ID, id));
      call("C_FindObjectsInit", new Class<?>[] {long.class, template.getClass()}, session, template);
      long[] handles;
      try {
        handles = (long[]) call("C_FindObjects", new Class<?>[] {long.class, long.class}, session, 64L);
      } finally {
        call("C_FindObjectsFinal", new Class<?>[] {long.class}, session);
      }
      for (long handle : handles) {
        call("C_DestroyObject", new Class<?>[] {long.class, long.class}, session, handle);
      }
      return handles.length;
    } finally {
      call("C_CloseSession", new Class<?>[] {long.class}, session);
    }
  }

  private static Class<?> attributeClass() {
    try {
      return Class.forName(WRAPPER + "CK_ATTRIBUTE");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Class<?> notifyClass() {
    try {
      return Class.forName(WRAPPER + "CK_NOTIFY");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object attribute(long type, Object value) {
    try {
      Constructor<?> c = attributeClass().getConstructor(long.class, Object.class);
      return c.newInstance(type, value);
    } catch (ReflectiveOperationException e) {
      throw failure("cannot build a PKCS#11 attribute", e);
    }
  }

  private Object call(String function, Class<?>[] types, Object... args) {
    try {
      return p11Class.getMethod(function, types).invoke(p11, args);
    } catch (InvocationTargetException e) {
      throw failure(function + " failed", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw failure(function + " failed", e);
    }
  }

  private static KeyStorageException failure(String what, Throwable cause) {
    return new KeyStorageException(what + ": " + cause, cause);
  }
}

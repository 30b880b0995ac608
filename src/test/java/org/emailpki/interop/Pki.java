package org.emailpki.interop;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.emailpki.testing.Api;

/** PEM handling, enrolment with OpenSSL-made keys, and parsing of OpenSSL's text output. */
final class Pki {

  private static final Pattern PEM_BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);

  private Pki() {}

  /** The DER contents of every PEM block of the given label, in order. */
  static List<byte[]> pemBlocks(String text, String label) {
    List<byte[]> blocks = new ArrayList<>();
    Matcher m = PEM_BLOCK.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(label)) {
        blocks.add(Base64.getMimeDecoder().decode(m.group(2)));
      }
    }
    return blocks;
  }

  static byte[] certificateDer(String pem) {
    List<byte[]> blocks = pemBlocks(pem, "CERTIFICATE");
    assertEquals(1, blocks.size(), "exactly one certificate in\n" + pem);
    return blocks.get(0);
  }

  static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path file, byte[] bytes) {
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A serial number as OpenSSL prints it in CRL and certificate text: upper-case hex of the
   * magnitude's octets, so an even number of digits (a leading 0 when the first octet is below
   * 0x10), without the sign octet DER may carry.
   */
  static String opensslSerial(String apiSerialHex) {
    byte[] bytes = new BigInteger(apiSerialHex, 16).toByteArray();
    int from = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
    byte[] magnitude = java.util.Arrays.copyOfRange(bytes, from, bytes.length);
    return HexFormat.of().withUpperCase().formatHex(magnitude);
  }

  /** The CA files of the service: {@code issuing.pem} and {@code root.pem} in a folder. */
  record CaFiles(Path issuing, Path root, byte[] issuingDer, byte[] rootDer) {

    /** Fetches {@code GET /ca/email.pem} (issuing CA, then root) and writes both to {@code dir}. */
    static CaFiles fetch(Path dir) {
      String chain = given().get("/ca/email.pem").then().statusCode(200)
          .contentType("application/pem-certificate-chain").extract().asString();
      List<byte[]> certs = pemBlocks(chain, "CERTIFICATE");
      assertEquals(2, certs.size(), "issuing CA and root in /ca/email.pem:\n" + chain);
      byte[] servedCrt = given().get("/ca/email.crt").then().statusCode(200).extract().asByteArray();
      assertArrayEquals(certs.get(0), servedCrt, "/ca/email.crt (the AIA caIssuers URL) is the first certificate of /ca/email.pem");
      return new CaFiles(
          write(dir.resolve("issuing.pem"), pem("CERTIFICATE", certs.get(0))),
          write(dir.resolve("root.pem"), pem("CERTIFICATE", certs.get(1))),
          certs.get(0),
          certs.get(1));
    }
  }

  /** A certificate issued over HTTP for a key that OpenSSL generated. */
  record Enrolled(Path key, Path certificate, Path csr, String serial, byte[] der, Response response) {}

  /** {@code openssl req} arguments for a new key: {@code ec:P-256}, {@code rsa:3072}. */
  static List<String> newKeyArguments(String keySpec) {
    if (keySpec.startsWith("ec:")) {
      return List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:" + keySpec.substring(3));
    }
    if (keySpec.startsWith("rsa:")) {
      return List.of("-newkey", keySpec);
    }
    throw new IllegalArgumentException(keySpec);
  }

  /**
   * Makes a key and CSR with {@code openssl req} in {@code dir} (as {@code <name>.key}, {@code
   * <name>.csr}), enrols it as {@code account} for {@code email}, checks the response's chain
   * against {@code cas}, and writes the certificate to {@code <name>.pem}.
   */
  static Enrolled enrolOpensslKey(Path dir, String name, String keySpec, String account, String email, String profile, CaFiles cas) {
    List<String> req = new ArrayList<>(List.of("openssl", "req", "-new"));
    req.addAll(newKeyArguments(keySpec));
    req.addAll(List.of("-nodes", "-keyout", name + ".key", "-subj", "/CN=whatever", "-out", name + ".csr"));
    Tools.run(dir, req.toArray(String[]::new)).assertSuccess();
    String csr = new String(read(dir.resolve(name + ".csr")), StandardCharsets.US_ASCII);
    Response r = Api.enrol(account, email, csr, profile);
    r.then().statusCode(201);
    String serial = r.jsonPath().getString("serial");
    byte[] der = certificateDer(r.jsonPath().getString("certificate"));
    List<String> chain = r.jsonPath().getList("chain", String.class);
    assertEquals(2, chain.size(), "the response's chain: issuing CA and root");
    assertArrayEquals(cas.issuingDer(), certificateDer(chain.get(0)), "chain[0] is the issuing CA served at /ca/email.pem");
    assertArrayEquals(cas.rootDer(), certificateDer(chain.get(1)), "chain[1] is the root served at /ca/email.pem");
    Path cert = write(dir.resolve(name + ".pem"), pem("CERTIFICATE", der));
    return new Enrolled(dir.resolve(name + ".key"), cert, dir.resolve(name + ".csr"), serial, der, r);
  }

  /** One extension as {@code openssl x509 -text} shows it. */
  record Extension(boolean critical, List<String> lines) {
    String text() {
      return String.join("\n", lines);
    }
  }

  /**
   * The extensions of {@code openssl x509 -noout -text} output by name ({@code "X509v3 Key
   * Usage"}), each with its criticality and value lines (stripped).
   */
  static Map<String, Extension> extensions(String x509Text) {
    Map<String, Extension> result = new LinkedHashMap<>();
    String[] lines = x509Text.split("\\r?\\n");
    int start = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].strip().equals("X509v3 extensions:")) {
        start = i + 1;
        break;
      }
    }
    if (start < 0) {
      return result;
    }
    int headerIndent = indent(lines[start]);
    String name = null;
    boolean critical = false;
    List<String> values = new ArrayList<>();
    for (int i = start; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      int indent = indent(line);
      if (indent < headerIndent) {
        break; // "Signature Algorithm:" and the signature follow the extensions
      }
      if (indent == headerIndent) {
        if (name != null) {
          result.put(name, new Extension(critical, List.copyOf(values)));
        }
        String header = line.strip();
        critical = header.endsWith(": critical");
        name = header.substring(0, header.lastIndexOf(':')).strip();
        values = new ArrayList<>();
      } else {
        values.add(line.strip());
      }
    }
    if (name != null) {
      result.put(name, new Extension(critical, List.copyOf(values)));
    }
    return result;
  }

  private static int indent(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** The lines of one revoked entry in {@code openssl crl -text} output, or null when absent. */
  static String crlEntry(String crlText, String serial) {
    String[] lines = crlText.split("\\r?\\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].strip().equals("Serial Number: " + serial)) {
        StringBuilder block = new StringBuilder(lines[i].strip());
        for (int j = i + 1; j < lines.length && !lines[j].strip().startsWith("Serial Number:")
            && !lines[j].strip().startsWith("Signature Algorithm:"); j++) {
          block.append('\n').append(lines[j].strip());
        }
        return block.toString();
      }
    }
    return null;
  }
}

package org.emailpki.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.emailpki.keystore.Enroller;
import org.emailpki.pkix.Certificates;

/**
 * A certification authority made and run by {@code openssl}, for testing the key storage targets
 * without the service: it certifies whatever CSR it is given, with the CSR's extensions. The
 * service's own enrolment is tested through the command-line tool.
 */
final class OpensslCa {

  private final Path dir;
  private int issued;

  private OpensslCa(Path dir) {
    this.dir = dir;
  }

  /** A self-signed P-256 CA in {@code dir} (ca.key, ca.pem). */
  static OpensslCa create(Path dir) {
    Tools.run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=Test CA", "-days", "2",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign").assertSuccess();
    return new OpensslCa(dir);
  }

  Path certificateFile() {
    return dir.resolve("ca.pem");
  }

  X509Certificate certificate() {
    return Certificates.fromDer(Pki.certificateDer(new String(Pki.read(certificateFile()), StandardCharsets.US_ASCII)));
  }

  /** Certifies each CSR for email signing; the chain is the certificate and this CA. */
  Enroller enroller() {
    return (csrPem, declared) -> {
      String name = "issued-" + (++issued);
      Pki.write(dir.resolve(name + ".csr"), csrPem);
      Tools.run(dir, "openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
          "-CAcreateserial", "-days", "1", "-copy_extensions", "copyall", "-out", name + ".pem").assertSuccess();
      X509Certificate cert = Certificates.fromDer(Pki.certificateDer(new String(Pki.read(dir.resolve(name + ".pem")), StandardCharsets.US_ASCII)));
      return List.of(cert, certificate());
    };
  }

  /** An enroller that refuses, as the service does when a policy forbids the request. */
  static Enroller refusing(String why) {
    return (csrPem, declared) -> {
      throw new IllegalStateException(why);
    };
  }

  /** The subject line of {@code openssl x509 -subject}, for checks on what a CSR carried. */
  static String subjectOf(Path dir, Path certificate) {
    String out = Tools.run(dir, "openssl", "x509", "-in", certificate.toString(), "-noout", "-subject").assertSuccess().stdout();
    assertEquals(true, out.startsWith("subject="), out);
    return out.strip();
  }
}

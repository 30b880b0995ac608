package org.emailpki.validation;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The NIST PKITS suite as the shared test data holds it ({@code ../shared/testdata/pkits-2011.tar.gz}
 * beside the project), read in place and unpacked under {@code target/}: its trust anchor, and
 * each case of {@code tests.tsv} with its certificates, CRLs and expected verdict.
 */
final class PkitsSuite {

  static final String ARCHIVE = "pkits-2011.tar.gz";

  /** One line of tests.tsv: the certificates (end entity first, the others in any order) and CRLs. */
  record Case(String id, boolean expectValid, List<X509Certificate> certificates, List<X509CRL> crls) {}

  final X509Certificate anchor;
  final List<Case> cases;

  private PkitsSuite(X509Certificate anchor, List<Case> cases) {
    this.anchor = anchor;
    this.cases = cases;
  }

  /** The project folder: Maven's {@code basedir}, or the working directory it starts tests in. */
  static Path projectDir() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
  }

  /**
   * Finds the archive and loads the suite. Its absence skips the calling test, except under
   * {@code CI=true}, where the suite must be there.
   */
  static PkitsSuite load() {
    Path archive = projectDir().resolve("../shared/testdata").resolve(ARCHIVE).normalize();
    if (!Files.isRegularFile(archive)) {
      String message = "the NIST PKITS suite is not at " + archive;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message + ": CI must provide it");
      }
      Assumptions.abort(message + "; skipping the PKITS run (under CI=true this is a failure)");
    }
    Path dir = projectDir().resolve("target/pkits");
    try {
      unpack(archive, dir);
      return parse(dir.resolve("PKITS"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a PKITS file does not parse", e);
    }
  }

  private static PkitsSuite parse(Path root) throws IOException, GeneralSecurityException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    X509Certificate anchor = certificate(factory, root, "TrustAnchorRootCertificate.crt");
    List<Case> cases = new ArrayList<>();
    for (String line : Files.readAllLines(root.resolve("tests.tsv"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      List<X509Certificate> certificates = new ArrayList<>();
      certificates.add(certificate(factory, root, f[2]));
      for (String name : list(f[3])) {
        certificates.add(certificate(factory, root, name));
      }
      List<X509CRL> crls = new ArrayList<>();
      crls.add(crl(factory, root, "TrustAnchorRootCRL.crl")); // always added, says the suite's readme
      for (String name : list(f[4])) {
        crls.add(crl(factory, root, name));
      }
      cases.add(new Case(f[0], f[1].equals("valid"), certificates, crls));
    }
    return new PkitsSuite(anchor, cases);
  }

  private static List<String> list(String field) {
    return field.equals("-") ? List.of() : List.of(field.split(","));
  }

  private static X509Certificate certificate(CertificateFactory factory, Path root, String name) throws IOException, GeneralSecurityException {
    return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(root.resolve("certs").resolve(name))));
  }

  private static X509CRL crl(CertificateFactory factory, Path root, String name) throws IOException, GeneralSecurityException {
    return (X509CRL) factory.generateCRL(new ByteArrayInputStream(Files.readAllBytes(root.resolve("crls").resolve(name))));
  }

  /** Unpacks the regular files of a gzipped ustar archive; names must stay inside {@code dir}. */
  static void unpack(Path archive, Path dir) throws IOException {
    Files.createDirectories(dir);
    try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
      byte[] header = new byte[512];
      while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
        String name = field(header, 345, 155).isEmpty() ? field(header, 0, 100) : field(header, 345, 155) + "/" + field(header, 0, 100);
        long size = Long.parseLong(field(header, 124, 12).isEmpty() ? "0" : field(header, 124, 12), 8);
        byte type = header[156];
        byte[] body = in.readNBytes((int) size);
        in.skipNBytes((512 - size % 512) % 512);
        if (type == '0' || type == 0) {
          Path target = dir.resolve(name).normalize();
          if (!target.startsWith(dir)) {
            throw new IOException("archive entry " + name + " points outside " + dir);
          }
          Files.createDirectories(target.getParent());
          Files.write(target, body);
        }
      }
    }
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII).trim();
  }
}

package org.emailpki.pkix;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.emailpki.error.ProblemException;
import org.emailpki.error.ProblemType;

/** Strict PEM (RFC 7468) encoding and decoding of a single block. */
public final class Pem {

  /**
   * One block. The body takes its surrounding whitespace too (the MIME decoder skips it): separate
   * {@code \s*} around a lazy body that also matches whitespace made matching cubic in the length
   * of a run of spaces, and one 30 KB request held a CPU for hours.
   */
  private static final Pattern BLOCK =
      Pattern.compile(
          "\\A\\s*-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END ([A-Z0-9 ]+)-----\\s*\\z");

  private Pem() {}

  /**
   * Decodes one PEM block whose label is one of {@code labels}.
   *
   * @throws ProblemException MALFORMED_CSR when the text is not exactly one such block
   */
  public static byte[] decode(String pem, String... labels) {
    return decode(ProblemType.MALFORMED_CSR, pem, labels);
  }

  /**
   * Decodes one PEM block whose label is one of {@code labels}.
   *
   * @param problem the problem to report when the text is not exactly one such block
   */
  public static byte[] decode(ProblemType problem, String pem, String... labels) {
    if (pem == null || pem.isBlank()) {
      throw new ProblemException(problem, "the PEM text is empty");
    }
    Matcher m = BLOCK.matcher(pem);
    if (!m.matches() || !m.group(1).equals(m.group(3))) {
      throw new ProblemException(
          problem, "expected exactly one PEM block (-----BEGIN " + labels[0] + "-----)");
    }
    String label = m.group(1);
    if (!java.util.List.of(labels).contains(label)) {
      throw new ProblemException(
          problem, "expected a PEM block labelled " + labels[0] + ", found " + label);
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      if (der.length == 0) {
        throw new IllegalArgumentException("empty");
      }
      return der;
    } catch (IllegalArgumentException e) {
      throw new ProblemException(problem, "the PEM block's base64 body is invalid");
    }
  }

  /** Encodes DER as a PEM block with 64-character lines and a trailing newline. */
  public static String encode(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }
}

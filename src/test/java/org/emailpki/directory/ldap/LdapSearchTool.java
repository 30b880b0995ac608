package org.emailpki.directory.ldap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.emailpki.testing.Slapd;

/** OpenLDAP's own client, ldapsearch (Debian ldap-utils), as a mail client would use it. */
final class LdapSearchTool {

  private static final Path LDAPSEARCH = Path.of("/usr/bin/ldapsearch");

  private LdapSearchTool() {}

  /**
   * The values of {@code attribute} that an anonymous {@code ldapsearch -x} returns for {@code
   * filter} below {@code baseDn}, decoded from its LDIF output.
   */
  static List<byte[]> values(String url, String baseDn, String filter, String attribute)
      throws IOException, InterruptedException {
    return values(url, baseDn, filter, attribute, List.of());
  }

  /**
   * The same, bound as {@code bindDn} with the password in {@code passwordFile} ({@code -y}, so
   * the password is not on the command line).
   */
  static List<byte[]> valuesAs(String bindDn, Path passwordFile, String url, String baseDn, String filter, String attribute)
      throws IOException, InterruptedException {
    return values(url, baseDn, filter, attribute, List.of("-D", bindDn, "-y", passwordFile.toString()));
  }

  private static List<byte[]> values(String url, String baseDn, String filter, String attribute, List<String> bind)
      throws IOException, InterruptedException {
    Slapd.requireTool(LDAPSEARCH, "ldap-utils");
    List<String> command = new ArrayList<>(List.of(LDAPSEARCH.toString(), "-x", "-LLL", "-o", "ldif-wrap=no", "-H", url));
    command.addAll(bind);
    command.addAll(List.of("-b", baseDn, filter, attribute));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "ldapsearch failed: " + new String(output, StandardCharsets.UTF_8));
    }
    return parse(new String(output, StandardCharsets.UTF_8), attribute);
  }

  /** LDIF values of {@code attribute}, unfolding continuation lines should a wrap slip through. */
  static List<byte[]> parse(String ldif, String attribute) {
    List<String> lines = new ArrayList<>();
    for (String line : ldif.split("\r?\n")) {
      if (line.startsWith(" ") && !lines.isEmpty()) {
        lines.set(lines.size() - 1, lines.get(lines.size() - 1) + line.substring(1));
      } else {
        lines.add(line);
      }
    }
    List<byte[]> values = new ArrayList<>();
    String base64 = attribute.toLowerCase() + ":: ";
    String plain = attribute.toLowerCase() + ": ";
    for (String line : lines) {
      String lower = line.toLowerCase();
      if (lower.startsWith(base64)) {
        values.add(Base64.getDecoder().decode(line.substring(base64.length()).strip()));
      } else if (lower.startsWith(plain)) {
        values.add(line.substring(plain.length()).getBytes(StandardCharsets.UTF_8));
      }
    }
    return values;
  }
}

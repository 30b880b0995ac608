package org.emailpki.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.emailpki.cli.ProvisionOptions.SecretSource;
import org.emailpki.keystore.Secret;

/**
 * Reads passwords and PINs as characters, never as Strings that linger: one line of standard
 * input (successive reads take successive lines), the first line of an owner-only file, an
 * environment variable, or the console without echo.
 */
final class SecretReader {

  private final Reader stdin;
  private final Map<String, String> environment;
  private final Console console;

  SecretReader(InputStream stdin, Map<String, String> environment, Console console) {
    this.stdin = new InputStreamReader(stdin, StandardCharsets.UTF_8);
    this.environment = environment;
    this.console = console;
  }

  /**
   * @param what the secret's name for messages and the prompt ("service password", "PIN")
   * @param confirm whether a prompt asks twice (a new key file password, which a typo would lose)
   * @throws IllegalArgumentException when the source is empty, unreadable or readable by others
   */
  Secret read(SecretSource source, String what, boolean confirm) {
    char[] chars;
    if (source.stdin()) {
      chars = line(stdin, "standard input", what);
    } else if (source.file() != null) {
      chars = fromFile(source.file(), what);
    } else if (source.environmentVariable() != null) {
      chars = environment.get(source.environmentVariable()).toCharArray();
    } else {
      chars = prompt(what, confirm);
    }
    try {
      if (chars.length == 0) {
        throw new IllegalArgumentException("the " + what + " is empty");
      }
      return Secret.copyOf(chars);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  private char[] prompt(String what, boolean confirm) {
    if (console == null) {
      throw new IllegalArgumentException("no " + what + " given and no terminal to ask on: use the -file or -stdin option");
    }
    char[] first = console.readPassword("%s: ", what);
    if (first == null) {
      throw new IllegalArgumentException("no " + what + " entered");
    }
    if (confirm) {
      char[] again = console.readPassword("%s again: ", what);
      boolean same = Arrays.equals(first, again);
      if (again != null) {
        Arrays.fill(again, '\0');
      }
      if (!same) {
        Arrays.fill(first, '\0');
        throw new IllegalArgumentException("the two " + what + "s differ");
      }
    }
    return first;
  }

  /** A secret file others may read is a secret already told: refused, as ssh refuses such keys. */
  private static char[] fromFile(Path file, String what) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
        throw new IllegalArgumentException(file + " holds the " + what + " but others may read it: chmod 600 " + file);
      }
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        return line(reader, file.toString(), what);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the " + what + " from " + file + ": " + e.getMessage());
    }
  }

  /** Up to the end of the line (LF or CRLF), without it. */
  private static char[] line(Reader reader, String from, String what) {
    char[] buffer = new char[64];
    int length = 0;
    try {
      for (int c = reader.read(); c != -1 && c != '\n'; c = reader.read()) {
        if (length == buffer.length) {
          char[] bigger = Arrays.copyOf(buffer, buffer.length * 2);
          Arrays.fill(buffer, '\0');
          buffer = bigger;
        }
        buffer[length++] = (char) c;
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the " + what + " from " + from + ": " + e.getMessage());
    }
    if (length > 0 && buffer[length - 1] == '\r') {
      length--;
    }
    char[] line = Arrays.copyOf(buffer, length);
    Arrays.fill(buffer, '\0');
    return line;
  }
}

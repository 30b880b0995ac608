package org.emailpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command dispatcher and the commands' {@code --help}, run as the command line runs them: no service. */
class MainTest {

  record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpPrintsTheTopLevelUsageAndSucceeds() {
    for (String option : List.of("--help", "-h", "help")) {
      Run help = run(option);
      assertEquals(0, help.status(), option + ": " + help);
      assertEquals(Main.USAGE + "\n", help.out(), option);
      assertEquals("", help.err(), option);
    }
    for (String command : List.of("emailpki [serve]", "emailpki user add|list", "emailpki audit verify|report", "emailpki provision",
        "emailpki policy self-check")) {
      assertTrue(Main.USAGE.contains(command), command);
    }
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    Run unknown = run("frobnicate");
    assertEquals(2, unknown.status());
    assertEquals("", unknown.out());
    assertEquals("emailpki: unknown command 'frobnicate'\n" + Main.USAGE + "\n", unknown.err());
  }

  @Test
  void policySelfCheckHelpPrintsItsUsageAndSucceeds() {
    for (List<String> argv : List.of(List.of("policy", "self-check", "--help"), List.of("policy", "self-check", "-h"),
        List.of("policy", "--help"), List.of("policy", "self-check", "--user", "admin", "--help"))) {
      Run help = run(argv.toArray(String[]::new));
      assertEquals(0, help.status(), argv + ": " + help);
      assertTrue(help.out().startsWith("usage: emailpki policy self-check --user ADMIN"), help.out());
      assertEquals("", help.err(), argv.toString());
    }
    Run unknown = run("policy", "self-check", "--user", "admin", "--verbose");
    assertEquals(2, unknown.status());
    assertTrue(unknown.err().startsWith("emailpki policy: unknown option '--verbose'\nusage: emailpki policy self-check"), unknown.err());
  }

  @Test
  void everyCommandAnswersHelpWithItsUsage() {
    for (List<String> argv : List.of(List.of("user", "--help"), List.of("audit", "report", "-h"), List.of("provision", "--help"))) {
      Run help = run(argv.toArray(String[]::new));
      assertEquals(0, help.status(), argv + ": " + help);
      assertTrue(help.out().startsWith("usage: emailpki " + argv.get(0) + " "), help.out());
      assertEquals("", help.err(), argv.toString());
    }
  }
}

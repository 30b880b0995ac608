package org.emailpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.ConfigProvider;
import org.emailpki.testing.TestAccounts;
import org.junit.jupiter.api.Test;

/**
 * {@code emailpki policy self-check} against the running service with the repository's ca-config
 * (grade 1, the embedded CA at NONE): every automatable item passes except, when the tests run as
 * root, not-root, which must then fail and turn the exit status to 1.
 */
@QuarkusTest
@QuarkusTestResource(TestAccounts.class)
class PolicyCommandTest {

  record Run(int status, String out, String err) {}

  private static Run run(String password, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = new PolicyCommand().run(args, new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String url() {
    return "http://127.0.0.1:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
  }

  @Test
  void printsEveryItemOfGradeOneAndFailsOnlyWhatFails() throws Exception {
    boolean root = new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).strip().equals("0");
    Run r = run(TestAccounts.PASSWORD, "self-check", "--url", url(), "--user", TestAccounts.ADMIN);
    assertEquals(root ? 1 : 0, r.status(), r.out() + r.err());
    assertTrue(r.out().startsWith("grade 1 self-check: " + (root ? "4 pass, 1 fail" : "5 pass, 0 fail") + ", 2 manual\n"), r.out());
    assertTrue(r.out().contains((root ? "FAIL  " : "PASS  ") + " not-root"), r.out());
    assertTrue(r.out().contains("PASS   files-owner-only"), r.out());
    assertTrue(r.out().contains("PASS   audit-rotating"), r.out());
    assertTrue(r.out().contains("PASS   trusted-cas-at-level"), r.out());
    assertTrue(r.out().contains("       1 registered CA, its chain up to the root included: email at NONE; the grade asks NONE or above\n"), r.out());
    assertTrue(r.out().contains(" is owner-only, so nothing in it is open to group or others\n"), r.out());
    assertTrue(r.out().contains("MANUAL patching"), r.out());
    assertEquals(root, r.out().contains("       fix: run it as an unprivileged account of its own"), r.out());
  }

  @Test
  void aWrongPasswordOrAUserAreErrorsNotVerdicts() {
    Run wrong = run("wrong", "self-check", "--url", url(), "--user", TestAccounts.ADMIN);
    assertEquals(2, wrong.status());
    assertTrue(wrong.err().startsWith("emailpki policy: 401 "), wrong.err());
    Run user = run(TestAccounts.PASSWORD, "self-check", "--url", url(), "--user", TestAccounts.ALICE);
    assertEquals(2, user.status());
    assertEquals("emailpki policy: 403 only administrators may run the grade self-check\n", user.err());
    assertEquals(2, run("x", "self-check").status(), "--user is required");
    assertEquals(2, run("x", "check", "--user", "admin").status());
    Run down = run("x", "self-check", "--url", "http://127.0.0.1:9", "--user", "admin");
    assertEquals(2, down.status());
    assertTrue(down.err().startsWith("emailpki policy: cannot ask http://127.0.0.1:9"), down.err());
  }
}

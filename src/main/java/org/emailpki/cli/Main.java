package org.emailpki.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/**
 * Entry point of the packaged application: {@code serve} (the default) runs the service; the other
 * commands run without starting it ({@code provision} on the key holder's machine, talking to the
 * service over its REST API).
 */
@QuarkusMain
public final class Main {

  static final String USAGE = String.join("\n",
      "usage: emailpki [serve]                  run the service (embedded CA, LDAP and database under ./data)",
      "       emailpki user add|list ...        manage the embedded users file (data/users)",
      "       emailpki audit verify|report ...  check and analyse the audit log offline, from its files",
      "       emailpki provision ...            make a key on this machine and enrol it with the service",
      "       emailpki policy self-check ...    ask the running service for its grade self-check (an admin's account)",
      "       emailpki help                     this text; `emailpki COMMAND --help` shows a command's options");

  private static final Map<String, Command> COMMANDS =
      Map.of("user", new UserCommand(), "audit", new AuditCommand(), "provision", new ProvisionCommand(), "policy", new PolicyCommand());

  private Main() {}

  public static void main(String... args) {
    // H2 refuses a database path relative to the working directory unless told this is meant;
    // a relative emailpki.data-dir (the default ./data) is exactly that.
    System.setProperty("h2.implicitRelativePath", "true");
    // Quarkus refuses a request target java.net.URI cannot parse (%ZZ) with a bare 400 before any
    // route; this property, read when its HTTP recorder loads, leaves that check to
    // api.RouterRefusals, which makes the same one and answers with a problem document. The test
    // run sets it in pom.xml (surefire), since Quarkus tests do not go through this method.
    System.setProperty("vertx.disableURIValidation", "true");
    if (args.length == 0 || args[0].equals("serve")) {
      Quarkus.run(args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    System.exit(run(args, System.in, System.out, System.err));
  }

  /**
   * Runs a command other than {@code serve}: {@code help} (also {@code --help}, {@code -h}) prints
   * the usage with exit status 0, an unknown command prints it to {@code err} with status 2.
   *
   * @param args the whole command line, the command's name first
   * @return the process exit status
   */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    if (Command.isHelp(args[0])) {
      out.println(USAGE);
      return 0;
    }
    Command command = COMMANDS.get(args[0]);
    if (command == null) {
      err.println("emailpki: unknown command '" + args[0] + "'");
      err.println(USAGE);
      return 2;
    }
    return command.run(Arrays.copyOfRange(args, 1, args.length), in, out, err);
  }
}

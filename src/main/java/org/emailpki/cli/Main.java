package org.emailpki.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;
import java.util.Map;

/**
 * Entry point of the packaged application: {@code serve} (the default) runs the service; the other
 * commands run without starting it ({@code provision} on the key holder's machine, talking to the
 * service over its REST API).
 */
@QuarkusMain
public final class Main {

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
    Command command = COMMANDS.get(args[0]);
    if (command == null) {
      System.err.println("emailpki: unknown command '" + args[0] + "'");
      System.err.println(
          "usage: emailpki [serve] | emailpki user add|list ... | emailpki audit verify|report ... | emailpki provision ... | emailpki policy self-check ...");
      System.exit(2);
    }
    System.exit(command.run(Arrays.copyOfRange(args, 1, args.length), System.in, System.out, System.err));
  }
}

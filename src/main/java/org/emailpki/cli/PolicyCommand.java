package org.emailpki.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * {@code emailpki policy self-check}: the running service's grade self-check, asked over its API
 * with an administrator's account, since only the service sees its own process, registry and
 * files as they are. Exit status 0 when no item failed, 1 when one did, 2 for a usage or
 * connection error. The password is read from the first line of standard input, never argv.
 */
final class PolicyCommand implements Command {

  private static final String USAGE = "usage: emailpki policy self-check --user ADMIN [--url http://localhost:8080] [--json]\n"
      + "  the password is read from the first line of standard input";

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    if (Command.helpAsked(args)) {
      out.println(USAGE);
      return 0;
    }
    if (args.length == 0 || !args[0].equals("self-check")) {
      err.println(USAGE);
      return 2;
    }
    String url = "http://localhost:8080";
    String user = null;
    boolean json = false;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--url" -> url = i + 1 < args.length ? args[++i] : null;
        case "--user" -> user = i + 1 < args.length ? args[++i] : null;
        case "--json" -> json = true;
        default -> {
          err.println("emailpki policy: unknown option '" + args[i] + "'\n" + USAGE);
          return 2;
        }
      }
    }
    if (user == null || url == null) {
      err.println(USAGE);
      return 2;
    }
    try {
      String password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      if (password == null) {
        err.println("emailpki policy: no password on standard input");
        return 2;
      }
      HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
          HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/api/v1/trust/self-check"))
              .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
              .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(response.body());
      if (response.statusCode() != 200) {
        err.println("emailpki policy: " + response.statusCode() + " " + body.path("detail").asText(body.path("title").asText()));
        return 2;
      }
      if (json) {
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
      } else {
        print(body, out);
      }
      return body.path("passed").asBoolean() ? 0 : 1;
    } catch (IOException | IllegalArgumentException e) {
      err.println("emailpki policy: cannot ask " + url + ": " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 2;
    }
  }

  private static void print(JsonNode report, PrintStream out) {
    out.printf("grade %d self-check: %d pass, %d fail, %d manual%n", report.path("grade").asInt(), report.path("pass").asInt(),
        report.path("fail").asInt(), report.path("manual").asInt());
    for (JsonNode item : report.path("items")) {
      out.printf("%-6s %-34s %s (%s)%n", item.path("status").asText(), item.path("id").asText(), item.path("requirement").asText(),
          item.path("handbook").asText());
      out.printf("       %s%n", item.path("detail").asText());
      if (item.hasNonNull("fix")) {
        out.printf("       fix: %s%n", item.path("fix").asText());
      }
    }
  }
}

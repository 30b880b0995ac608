package org.emailpki.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.emailpki.audit.file.AnalysisSettings;
import org.emailpki.audit.file.AuditAnalyzer;
import org.emailpki.audit.file.AuditKeys;
import org.emailpki.audit.file.AuditReader;
import org.emailpki.audit.file.AuditReport;
import org.emailpki.audit.file.AuditVerifier;
import org.emailpki.audit.file.Fault;
import org.emailpki.audit.file.Segments;
import org.emailpki.audit.file.Verification;
import org.emailpki.pkix.CertificateTimes;

/**
 * {@code emailpki audit verify} and {@code emailpki audit report}: the audit log checked and
 * analysed offline, without the service, from its files alone. Exit status 0 when the log is
 * intact (or the report ran), 1 when verification found a fault, 2 for a usage error.
 */
final class AuditCommand implements Command {

  private static final String USAGE =
      "usage: emailpki audit verify --public-key FILE [--public-key FILE]... [--dir DIR] [--archive DIR] [--json]\n"
          + "       emailpki audit report [--from INSTANT] [--to INSTANT] [--dir DIR] [--archive DIR] [--json]\n"
          + "                             [--burst-threshold N] [--burst-window DURATION] [--revocations-per-hour N]\n"
          + "  --dir defaults to $EMAILPKI_DATA_DIR/audit (data/audit), --archive to DIR/archive;\n"
          + "  the report covers the last 24 hours unless --from/--to (ISO-8601, e.g. 2026-12-03T00:00:00Z) say otherwise";

  private static final ObjectMapper JSON =
      new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    if (Command.helpAsked(args)) {
      out.println(USAGE);
      return 0;
    }
    try {
      if (args.length >= 1 && args[0].equals("verify")) {
        return verify(Options.parse(args), out);
      }
      if (args.length >= 1 && args[0].equals("report")) {
        return report(Options.parse(args), out);
      }
      err.println(USAGE);
      return 2;
    } catch (IllegalArgumentException | UncheckedIOException e) {
      err.println("emailpki audit: " + e.getMessage());
      return 2;
    }
  }

  private int verify(Options o, PrintStream out) {
    if (o.publicKeys.isEmpty()) {
      throw new IllegalArgumentException("--public-key is required: the audit public key, best a copy kept apart"
          + " from the server (data/audit-key/" + AuditKeys.PUBLIC_KEY_FILE + ")\n" + USAGE);
    }
    List<PublicKey> keys = o.publicKeys.stream().map(AuditKeys::readPublicKey).toList();
    Segments segments = o.segments();
    Verification v = new AuditVerifier(segments, keys).verify();
    if (o.json) {
      print(out, v);
      return v.intact() ? 0 : 1;
    }
    out.println("audit log " + segments.liveDir() + " (archive " + segments.archiveDir() + "), keys "
        + String.join(", ", keys.stream().map(AuditKeys::keyId).toList()));
    out.println("segments read: " + v.segmentFiles().size() + (v.segmentFiles().isEmpty() ? "" : " (" + v.segmentFiles().get(0)
        + (v.segmentFiles().size() > 1 ? " … " + v.segmentFiles().get(v.segmentFiles().size() - 1) : "") + ")"));
    out.println("records: " + v.records() + (v.records() == 0 ? "" : " (" + v.firstSeq() + " to " + v.lastSeq() + ")")
        + ", checkpoints: " + v.checkpoints() + ", signed through record " + v.signedThrough());
    v.notes().forEach(n -> out.println("note: " + n));
    if (v.intact()) {
      out.println("VERIFIED: the chain is intact" + (v.unsignedRecords() == 0
          ? " and every record is signed"
          : "; the last " + v.unsignedRecords() + " records are chained but not yet under a checkpoint"
              + " (normal while the service runs; a clean stop signs them)"));
      return 0;
    }
    Fault f = v.fault();
    out.println("FAULT " + f.kind() + " in " + f.file() + (f.line() > 0 ? " line " + f.line() : "")
        + (f.seq() != null ? " (record " + f.seq() + ")" : ""));
    out.println("  " + f.message());
    out.println("  files involved: " + String.join(", ", f.files()));
    return 1;
  }

  private int report(Options o, PrintStream out) {
    Instant to = o.to == null ? Instant.now() : o.to;
    Instant from = o.from == null ? to.minus(Duration.ofDays(1)) : o.from;
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("--from must be before --to");
    }
    AuditAnalyzer analyzer = new AuditAnalyzer(o.analysis);
    long unreadable = new AuditReader(o.segments()).forEach(from, to, analyzer::add);
    AuditReport r = analyzer.report(from, to, unreadable);
    if (o.json) {
      print(out, r);
      return 0;
    }
    out.println("audit report " + r.from() + " to " + r.to() + ": " + r.records() + " records");
    section(out, "events by type", r.countsByType());
    section(out, "authentication failures by client address", r.authenticationFailuresByClient());
    section(out, "authentication failures by account", r.authenticationFailuresByAccount());
    section(out, "enrolment refusals by reason", r.enrolmentRefusalsByReason());
    section(out, "authorization refusals by account", r.authorizationRefusalsByAccount());
    out.println("findings: " + r.findings().size());
    r.findings().forEach(f -> out.println("  - " + f));
    return 0;
  }

  private static void section(PrintStream out, String title, Map<String, Long> counts) {
    if (counts.isEmpty()) {
      return;
    }
    out.println(title + ":");
    int width = counts.keySet().stream().mapToInt(String::length).max().orElse(0);
    counts.forEach((k, v) -> out.println(String.format("  %-" + width + "s %8d", k, v)));
  }

  private static void print(PrintStream out, Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The options both subcommands share. */
  private static final class Options {
    Path dir = defaultDir();
    Path archive;
    final List<Path> publicKeys = new ArrayList<>();
    Instant from;
    Instant to;
    boolean json;
    AnalysisSettings analysis = AnalysisSettings.defaults();

    static Options parse(String[] args) {
      Options o = new Options();
      int burstThreshold = o.analysis.burstThreshold();
      Duration burstWindow = o.analysis.burstWindow();
      int revocationsPerHour = o.analysis.revocationsPerHour();
      for (int i = 1; i < args.length; i++) {
        switch (args[i]) {
          case "--dir" -> o.dir = Path.of(value(args, ++i));
          case "--archive" -> o.archive = Path.of(value(args, ++i));
          case "--public-key" -> o.publicKeys.add(Path.of(value(args, ++i)));
          case "--from" -> o.from = instant(value(args, ++i));
          case "--to" -> o.to = instant(value(args, ++i));
          case "--json" -> o.json = true;
          case "--burst-threshold" -> burstThreshold = number(value(args, ++i));
          case "--burst-window" -> burstWindow = duration(value(args, ++i));
          case "--revocations-per-hour" -> revocationsPerHour = number(value(args, ++i));
          default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
        }
      }
      o.analysis = new AnalysisSettings(burstThreshold, burstWindow, revocationsPerHour);
      if (!Files.isDirectory(o.dir)) {
        throw new IllegalArgumentException("no audit folder at " + o.dir);
      }
      return o;
    }

    Segments segments() {
      return new Segments(dir, archive == null ? dir.resolve("archive") : archive);
    }

    private static Path defaultDir() {
      String env = System.getenv("EMAILPKI_DATA_DIR");
      return Path.of(env == null || env.isBlank() ? "data" : env).resolve("audit");
    }

    private static String value(String[] args, int i) {
      if (i >= args.length) {
        throw new IllegalArgumentException(args[i - 1] + " needs a value");
      }
      return args[i];
    }

    private static Instant instant(String s) {
      Instant instant;
      try {
        instant = Instant.parse(s);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("'" + s + "' is not an ISO-8601 instant such as 2026-12-03T00:00:00Z");
      }
      if (!CertificateTimes.representable(instant)) {
        throw new IllegalArgumentException("'" + s + "' is outside the years 0001 to 9999");
      }
      return instant;
    }

    private static Duration duration(String s) {
      try {
        return Duration.parse(s);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("'" + s + "' is not an ISO-8601 duration such as PT5M");
      }
    }

    private static int number(String s) {
      try {
        return Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + s + "' is not a whole number");
      }
    }
  }
}

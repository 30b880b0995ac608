package org.emailpki.trust;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A node of a ca-config YAML file that knows its file and path, so every error names both. Unknown
 * fields are errors: a misspelt minimum in a security policy must not pass silently.
 */
final class YamlNode {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final String file;
  private final String path;
  private final JsonNode node;

  private YamlNode(String file, String path, JsonNode node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  /** The file's top-level mapping; empty when the file does not exist. */
  static Optional<YamlNode> read(Path dir, String file) {
    try {
      JsonNode root = YAML.readTree(Files.readString(dir.resolve(file)));
      YamlNode doc = new YamlNode(file, "", root);
      if (root == null || !root.isObject()) {
        throw doc.error("the file must hold a YAML mapping");
      }
      return Optional.of(doc);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (JacksonException e) {
      throw new CaConfigException(file, "", "not valid YAML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    } catch (IOException e) {
      throw new CaConfigException(file, "", "cannot be read: " + e.getMessage());
    }
  }

  String file() {
    return file;
  }

  String path() {
    return path;
  }

  CaConfigException error(String problem) {
    return new CaConfigException(file, path, problem);
  }

  /** Refuses fields other than these. */
  YamlNode onlyFields(Set<String> allowed) {
    if (!node.isObject()) {
      throw error("must be a mapping");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw field(name).error("unknown field; expected one of " + allowed.stream().sorted().toList());
      }
    }
    return this;
  }

  YamlNode field(String name) {
    return new YamlNode(file, path.isEmpty() ? name : path + "." + name, node.path(name));
  }

  boolean present() {
    return !node.isMissingNode() && !node.isNull();
  }

  Optional<String> optionalText() {
    if (!present()) {
      return Optional.empty();
    }
    if (!node.isValueNode() || node.asText().isBlank()) {
      throw error("must be a non-empty value");
    }
    return Optional.of(node.asText().trim());
  }

  String text() {
    return optionalText().orElseThrow(() -> error("is missing"));
  }

  <T> T parsed(Function<String, Optional<T>> parser, String expected) {
    String value = text();
    return parser.apply(value).orElseThrow(() -> error("'" + value + "' is not " + expected));
  }

  <T> Optional<T> optionalParsed(Function<String, Optional<T>> parser, String expected) {
    return present() ? Optional.of(parsed(parser, expected)) : Optional.empty();
  }

  Optional<LocalDate> optionalDate() {
    return optionalParsed(YamlNode::date, "a date (YYYY-MM-DD)");
  }

  Optional<Duration> optionalDuration() {
    return optionalParsed(YamlNode::duration, "an ISO-8601 duration such as P365D");
  }

  Optional<Boolean> optionalBoolean() {
    if (!present()) {
      return Optional.empty();
    }
    if (!node.isBoolean()) {
      throw error("must be true or false");
    }
    return Optional.of(node.booleanValue());
  }

  int integer() {
    if (!present()) {
      throw error("is missing");
    }
    if (!node.isInt()) {
      throw error("must be a whole number");
    }
    return node.intValue();
  }

  /** The elements of a sequence; an absent field is an empty list. */
  List<YamlNode> elements() {
    if (!present()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw error("must be a list");
    }
    List<YamlNode> elements = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      elements.add(new YamlNode(file, path + "[" + i + "]", node.get(i)));
    }
    return elements;
  }

  private static Optional<LocalDate> date(String s) {
    try {
      return Optional.of(LocalDate.parse(s));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> duration(String s) {
    try {
      Duration d = Duration.parse(s);
      return d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}

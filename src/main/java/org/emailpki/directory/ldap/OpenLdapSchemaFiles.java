package org.emailpki.directory.ldap;

import com.unboundid.ldap.matchingrules.MatchingRule;
import com.unboundid.ldap.matchingrules.OctetStringMatchingRule;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.ObjectClassDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The OpenLDAP schema files (slapd.conf format) of the project's {@code ldap-schema/} folder, read
 * in the order of its {@code schema-order.txt}, as an UnboundID {@link Schema}.
 *
 * <p>The schema is UnboundID's default standard schema (which stands in for what slapd has built
 * in, such as {@code top} and {@code objectClass}) with every definition of the files added; a file
 * definition replaces a default one with the same OID or name. Instances are immutable and
 * thread-safe.
 */
public final class OpenLdapSchemaFiles {

  /** The classpath folder the build copies {@code ldap-schema/} to. */
  static final String CLASSPATH_FOLDER = "ldap-schema/";

  static final String ORDER_FILE = "schema-order.txt";

  /** octetStringMatch (RFC 4517), which the SDK evaluates byte for byte. */
  private static final String OCTET_STRING_MATCH = "octetStringMatch";

  private final List<AttributeTypeDefinition> attributeTypes;
  private final List<ObjectClassDefinition> objectClasses;

  OpenLdapSchemaFiles(
      List<AttributeTypeDefinition> attributeTypes, List<ObjectClassDefinition> objectClasses) {
    this.attributeTypes = List.copyOf(attributeTypes);
    this.objectClasses = List.copyOf(objectClasses);
  }

  /**
   * Reads the files from {@code folder} when present, else the copy packaged on the classpath.
   *
   * @throws IllegalArgumentException naming the file and line of a definition that does not parse
   * @throws UncheckedIOException when a listed file cannot be read
   */
  public static OpenLdapSchemaFiles load(Optional<Path> folder) {
    return folder
        .map(OpenLdapSchemaFiles::fromFolder)
        .orElseGet(OpenLdapSchemaFiles::fromClasspath);
  }

  /** Reads the files listed in {@code folder/schema-order.txt}. */
  public static OpenLdapSchemaFiles fromFolder(Path folder) {
    SlapdSchemaParser reader = new SlapdSchemaParser();
    for (String name : order(read(folder.resolve(ORDER_FILE)))) {
      reader.read(name, read(folder.resolve(name)));
    }
    return reader.result();
  }

  /** Reads the copy of {@code ldap-schema/} that the build packages with the service. */
  public static OpenLdapSchemaFiles fromClasspath() {
    SlapdSchemaParser reader = new SlapdSchemaParser();
    for (String name : order(resource(ORDER_FILE))) {
      reader.read(name, resource(name));
    }
    return reader.result();
  }

  /** The attribute types of the files, in file order. */
  public List<AttributeTypeDefinition> attributeTypes() {
    return attributeTypes;
  }

  /** The object classes of the files, in file order. */
  public List<ObjectClassDefinition> objectClasses() {
    return objectClasses;
  }

  /** The default standard schema with every definition of the files added, as the files say. */
  public Schema schema() {
    return merge(attributeTypes);
  }

  /**
   * The schema for UnboundID's in-memory server. It differs from {@link #schema()} in one way: an
   * equality rule the SDK does not implement (such as OpenLDAP's {@code certificateExactMatch} on
   * {@code userCertificate}) would make the server fall back to case-ignore string matching, which
   * decodes DER as text and can find two different certificates equal. For attribute types whose
   * syntax the SDK matches as octet strings, such a rule is replaced by {@code octetStringMatch},
   * which is what certificateExactMatch amounts to for DER values.
   */
  public Schema schemaForInMemoryServer() {
    Schema asWritten = schema();
    List<AttributeTypeDefinition> adapted = new ArrayList<>();
    for (AttributeTypeDefinition type : attributeTypes) {
      adapted.add(withByteEquality(type, asWritten));
    }
    return merge(adapted);
  }

  private static AttributeTypeDefinition withByteEquality(
      AttributeTypeDefinition type, Schema schema) {
    String equality = type.getEqualityMatchingRule(schema);
    String syntax = type.getBaseSyntaxOID(schema);
    if (equality == null
        || syntax == null
        || !(MatchingRule.selectMatchingRuleForSyntax(syntax) instanceof OctetStringMatchingRule)
        || MatchingRule.selectEqualityMatchingRule(equality) instanceof OctetStringMatchingRule) {
      return type;
    }
    return new AttributeTypeDefinition(
        type.getOID(),
        type.getNames(),
        type.getDescription(),
        type.isObsolete(),
        type.getSuperiorType(),
        OCTET_STRING_MATCH,
        type.getOrderingMatchingRule(),
        type.getSubstringMatchingRule(),
        type.getSyntaxOID(),
        type.isSingleValued(),
        type.isCollective(),
        type.isNoUserModification(),
        type.getUsage(),
        type.getExtensions());
  }

  private Schema merge(List<AttributeTypeDefinition> types) {
    Entry entry;
    try {
      entry = Schema.getDefaultStandardSchema().getSchemaEntry().duplicate();
    } catch (LDAPException e) {
      throw new IllegalStateException("the SDK's standard schema cannot be read", e);
    }
    replace(
        entry, Schema.ATTR_ATTRIBUTE_TYPE, strings(types), OpenLdapSchemaFiles::attributeTypeKeys);
    replace(
        entry,
        Schema.ATTR_OBJECT_CLASS,
        strings(objectClasses),
        OpenLdapSchemaFiles::objectClassKeys);
    return new Schema(entry);
  }

  private static List<String> strings(List<?> definitions) {
    return definitions.stream().map(Object::toString).toList();
  }

  /** Sets the definitions, keeping each default whose OID and names no addition claims. */
  private static void replace(
      Entry entry, String attribute, List<String> additions, Function<String, Set<String>> keys) {
    Set<String> claimed = new HashSet<>();
    additions.forEach(definition -> claimed.addAll(keys.apply(definition)));
    List<String> values = new ArrayList<>();
    String[] defaults = entry.getAttributeValues(attribute);
    for (String value : defaults == null ? new String[0] : defaults) {
      if (keys.apply(value).stream().noneMatch(claimed::contains)) {
        values.add(value);
      }
    }
    values.addAll(additions);
    entry.setAttribute(attribute, values);
  }

  private static Set<String> attributeTypeKeys(String definition) {
    try {
      AttributeTypeDefinition type = new AttributeTypeDefinition(definition);
      return keys(type.getOID(), type.getNames());
    } catch (LDAPException e) {
      return Set.of(); // an unparsable default is kept as it is; the SDK ignores it too
    }
  }

  private static Set<String> objectClassKeys(String definition) {
    try {
      ObjectClassDefinition objectClass = new ObjectClassDefinition(definition);
      return keys(objectClass.getOID(), objectClass.getNames());
    } catch (LDAPException e) {
      return Set.of();
    }
  }

  private static Set<String> keys(String oid, String[] names) {
    Set<String> keys = new HashSet<>();
    keys.add(oid.toLowerCase(Locale.ROOT));
    Arrays.stream(names).map(n -> n.toLowerCase(Locale.ROOT)).forEach(keys::add);
    return keys;
  }

  private static List<String> order(List<String> lines) {
    return lines.stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema file " + file, e);
    }
  }

  private static List<String> resource(String name) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = OpenLdapSchemaFiles.class.getClassLoader();
    }
    try (InputStream in = loader.getResourceAsStream(CLASSPATH_FOLDER + name)) {
      if (in == null) {
        throw new UncheckedIOException(
            new IOException("schema file " + CLASSPATH_FOLDER + name + " is not on the classpath"));
      }
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        return lines.lines().toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema file " + CLASSPATH_FOLDER + name, e);
    }
  }
}

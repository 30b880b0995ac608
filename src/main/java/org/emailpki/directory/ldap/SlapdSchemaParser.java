package org.emailpki.directory.ldap;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.ObjectClassDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses slapd.conf schema syntax: a line starting with white space continues the previous one, a
 * line starting with {@code #} is a comment, and {@code objectidentifier} macros (which slapd
 * expands in a definition's own OID and its SYNTAX) carry over from file to file, as in slapd.
 */
final class SlapdSchemaParser {

  private static final Pattern NUMERIC_OID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
  private static final Pattern DEFINITION_OID = Pattern.compile("^\\(\\s*([^\\s)]+)");
  private static final Pattern SYNTAX_OID = Pattern.compile("(?i)(\\sSYNTAX\\s+)([^\\s{)]+)");

  private final Map<String, String> macros = new HashMap<>();
  private final Map<String, AttributeTypeDefinition> attributeTypes = new LinkedHashMap<>();
  private final Map<String, ObjectClassDefinition> objectClasses = new LinkedHashMap<>();

  void read(String file, List<String> lines) {
    StringBuilder statement = null;
    int startLine = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("#")) {
        continue;
      }
      boolean continuation = !line.isEmpty() && Character.isWhitespace(line.charAt(0));
      if (continuation && statement != null) {
        statement.append(' ').append(line.strip());
        continue;
      }
      if (statement != null) {
        statement(file, startLine, statement.toString());
        statement = null;
      }
      if (!line.isBlank()) {
        statement = new StringBuilder(line.strip());
        startLine = i + 1;
      }
    }
    if (statement != null) {
      statement(file, startLine, statement.toString());
    }
  }

  private void statement(String file, int line, String text) {
    String[] keywordAndRest = text.split("\\s+", 2);
    String keyword = keywordAndRest[0].toLowerCase(Locale.ROOT);
    String rest = keywordAndRest.length > 1 ? keywordAndRest[1].strip() : "";
    try {
      switch (keyword) {
        case "objectidentifier" -> macro(rest);
        case "attributetype", "attributetypes" -> {
          AttributeTypeDefinition type = new AttributeTypeDefinition(expand(rest));
          attributeTypes.put(type.getOID(), type);
        }
        case "objectclass", "objectclasses" -> {
          ObjectClassDefinition objectClass = new ObjectClassDefinition(expand(rest));
          objectClasses.put(objectClass.getOID(), objectClass);
        }
        default ->
            throw new IllegalArgumentException("unsupported directive '" + keywordAndRest[0] + "'");
      }
    } catch (LDAPException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "schema file " + file + " line " + line + ": " + e.getMessage(), e);
    }
  }

  private void macro(String rest) {
    String[] nameAndOid = rest.split("\\s+");
    if (nameAndOid.length != 2) {
      throw new IllegalArgumentException("objectidentifier needs a name and an OID");
    }
    macros.put(nameAndOid[0].toLowerCase(Locale.ROOT), oid(nameAndOid[1]));
  }

  private String oid(String oidOrMacro) {
    if (NUMERIC_OID.matcher(oidOrMacro).matches()) {
      return oidOrMacro;
    }
    int colon = oidOrMacro.indexOf(':');
    String name = colon < 0 ? oidOrMacro : oidOrMacro.substring(0, colon);
    String base = macros.get(name.toLowerCase(Locale.ROOT));
    if (base == null) {
      return oidOrMacro; // not a macro: left for the definition parser to judge
    }
    return colon < 0 ? base : base + "." + oidOrMacro.substring(colon + 1);
  }

  private String expand(String definition) {
    if (macros.isEmpty()) {
      return definition;
    }
    Matcher own = DEFINITION_OID.matcher(definition);
    String result =
        own.find()
            ? definition.substring(0, own.start(1))
                + oid(own.group(1))
                + definition.substring(own.end(1))
            : definition;
    Matcher syntax = SYNTAX_OID.matcher(result);
    StringBuilder expanded = new StringBuilder();
    while (syntax.find()) {
      syntax.appendReplacement(
          expanded, Matcher.quoteReplacement(syntax.group(1) + oid(syntax.group(2))));
    }
    syntax.appendTail(expanded);
    return expanded.toString();
  }

  OpenLdapSchemaFiles result() {
    return new OpenLdapSchemaFiles(
        new ArrayList<>(attributeTypes.values()), new ArrayList<>(objectClasses.values()));
  }
}

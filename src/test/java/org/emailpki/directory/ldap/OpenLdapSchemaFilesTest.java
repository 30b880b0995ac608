package org.emailpki.directory.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.matchingrules.CaseIgnoreStringMatchingRule;
import com.unboundid.ldap.matchingrules.MatchingRule;
import com.unboundid.ldap.matchingrules.OctetStringMatchingRule;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.ObjectClassDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenLdapSchemaFilesTest {

  private static final Path PROJECT_SCHEMA = Path.of("ldap-schema");

  @Test
  void everyDefinitionOfTheShippedFilesParses() throws IOException {
    OpenLdapSchemaFiles files = OpenLdapSchemaFiles.fromFolder(PROJECT_SCHEMA);

    assertEquals(countStatements("attributetype"), files.attributeTypes().size());
    assertEquals(countStatements("objectclass"), files.objectClasses().size());
  }

  @Test
  void classpathCopyIsTheSameAsTheFolder() {
    OpenLdapSchemaFiles folder = OpenLdapSchemaFiles.fromFolder(PROJECT_SCHEMA);
    OpenLdapSchemaFiles classpath = OpenLdapSchemaFiles.load(Optional.empty());

    assertEquals(strings(folder.attributeTypes()), strings(classpath.attributeTypes()));
    assertEquals(strings(folder.objectClasses()), strings(classpath.objectClasses()));
  }

  @Test
  void schemaHasTheFilesDefinitionsWithTheirOids() {
    Schema schema = OpenLdapSchemaFiles.fromClasspath().schema();

    assertObjectClass(schema, "inetOrgPerson", "2.16.840.1.113730.3.2.2");
    assertObjectClass(schema, "pkiCA", "2.5.6.22");
    assertObjectClass(schema, "cRLDistributionPoint", "2.5.6.19");
    assertAttributeType(schema, "userSMIMECertificate", "2.16.840.1.113730.3.1.40");
    assertAttributeType(schema, "userCertificate", "2.5.4.36");
    assertAttributeType(schema, "userPKCS12", "2.16.840.1.113730.3.1.216");
    assertAttributeType(schema, "mail", "0.9.2342.19200300.100.1.3");
    // built into slapd, so not in the files: the SDK's standard schema provides them
    assertNotNull(schema.getObjectClass("top"));
    assertNotNull(schema.getAttributeType("objectClass"));
    assertEquals(
        "certificateExactMatch",
        schema.getAttributeType("userCertificate").getEqualityMatchingRule(),
        "the plain schema keeps what the file says");
  }

  @Test
  void fileDefinitionReplacesTheDefaultOne() {
    Schema schema = OpenLdapSchemaFiles.fromClasspath().schema();

    AttributeTypeDefinition mail = schema.getAttributeType("mail");
    assertEquals("RFC1274: RFC822 Mailbox", mail.getDescription());
    long definitionsOfMail =
        schema.getAttributeTypes().stream()
            .filter(t -> t.getOID().equals("0.9.2342.19200300.100.1.3"))
            .count();
    assertEquals(1, definitionsOfMail);
  }

  @Test
  void inMemoryServerSchemaComparesCertificatesByteForByte() {
    Schema plain = OpenLdapSchemaFiles.fromClasspath().schema();
    Schema adapted = OpenLdapSchemaFiles.fromClasspath().schemaForInMemoryServer();

    // what the SDK would do with the files as written: DER compared as case-ignored text
    assertInstanceOf(
        CaseIgnoreStringMatchingRule.class,
        MatchingRule.selectEqualityMatchingRule("userCertificate", plain));
    assertInstanceOf(
        OctetStringMatchingRule.class,
        MatchingRule.selectEqualityMatchingRule("userCertificate", adapted));
    assertInstanceOf(
        OctetStringMatchingRule.class,
        MatchingRule.selectEqualityMatchingRule("certificateRevocationList", adapted));
    assertInstanceOf(
        OctetStringMatchingRule.class,
        MatchingRule.selectEqualityMatchingRule("userSMIMECertificate", adapted));
    // string attributes keep their rules
    assertInstanceOf(
        CaseIgnoreStringMatchingRule.class,
        MatchingRule.selectEqualityMatchingRule("mail", adapted));
  }

  @Test
  void objectIdentifierMacrosAreExpanded(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("schema-order.txt"), "# order\nbase.schema\nmine.schema\n");
    Files.writeString(dir.resolve("base.schema"), "objectidentifier Example 1.3.6.1.4.1.99999\n");
    Files.writeString(
        dir.resolve("mine.schema"),
        """
        # a comment
        objectIdentifier ExampleAttr Example:1
        objectidentifier Dstring 1.3.6.1.4.1.1466.115.121.1.15

        attributetype ( ExampleAttr:7 NAME 'exampleThing'
        \tDESC 'a thing'
            EQUALITY caseIgnoreMatch
        # comments may sit between the lines of a definition
        \tSYNTAX Dstring{64} )
        objectclass ( Example:2.1 NAME 'exampleObject' SUP top AUXILIARY
          MAY exampleThing )
        """);

    OpenLdapSchemaFiles files = OpenLdapSchemaFiles.fromFolder(dir);

    AttributeTypeDefinition thing = files.attributeTypes().get(0);
    assertEquals("1.3.6.1.4.1.99999.1.7", thing.getOID());
    assertEquals("1.3.6.1.4.1.1466.115.121.1.15{64}", thing.getSyntaxOID());
    ObjectClassDefinition object = files.objectClasses().get(0);
    assertEquals("1.3.6.1.4.1.99999.2.1", object.getOID());
    assertNotNull(files.schema().getObjectClass("exampleObject"));
  }

  @Test
  void badDefinitionNamesFileAndLine(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("schema-order.txt"), "bad.schema\n");
    Files.writeString(dir.resolve("bad.schema"), "\n\nattributetype ( 1.2.3 NAME 'x' SYNTAX\n");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OpenLdapSchemaFiles.fromFolder(dir));
    assertTrue(e.getMessage().startsWith("schema file bad.schema line 3:"), e.getMessage());
  }

  private static long countStatements(String keyword) throws IOException {
    long count = 0;
    for (String file : Files.readAllLines(PROJECT_SCHEMA.resolve("schema-order.txt"))) {
      if (file.isBlank()) {
        continue;
      }
      count +=
          Files.readAllLines(PROJECT_SCHEMA.resolve(file.strip())).stream()
              .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(keyword))
              .count();
    }
    return count;
  }

  private static List<String> strings(List<?> definitions) {
    return definitions.stream().map(Object::toString).toList();
  }

  private static void assertObjectClass(Schema schema, String name, String oid) {
    ObjectClassDefinition objectClass = schema.getObjectClass(name);
    assertNotNull(objectClass, name);
    assertEquals(oid, objectClass.getOID(), name);
  }

  private static void assertAttributeType(Schema schema, String name, String oid) {
    AttributeTypeDefinition type = schema.getAttributeType(name);
    assertNotNull(type, name);
    assertEquals(oid, type.getOID(), name);
  }
}

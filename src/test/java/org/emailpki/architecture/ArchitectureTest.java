package org.emailpki.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package walls written down in docs/architecture.md. */
class ArchitectureTest {

  static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.emailpki");
  }

  @Test
  void onlyPkixAndTheEmbeddedCaUseBouncyCastle() {
    noClasses().that().resideOutsideOfPackages("org.emailpki.pkix..", "org.emailpki.ca.embedded..")
        .should().dependOnClassesThat().resideInAPackage("org.bouncycastle..")
        .check(classes);
  }

  @Test
  void onlyTheLdapAdapterUsesUnboundId() {
    noClasses().that().resideOutsideOfPackage("org.emailpki.directory.ldap..")
        .should().dependOnClassesThat().resideInAPackage("com.unboundid..")
        .check(classes);
  }

  @Test
  void adaptersNeverCallTheApiOrTheUseCases() {
    noClasses().that().resideInAnyPackage(
            "org.emailpki.ca..", "org.emailpki.directory..", "org.emailpki.store..", "org.emailpki.revocation..", "org.emailpki.audit..")
        .should().dependOnClassesThat().resideInAnyPackage("org.emailpki.api..", "org.emailpki.issuance..")
        .check(classes);
  }

  @Test
  void theApiReachesAdaptersOnlyThroughUseCasesAndPorts() {
    noClasses().that().resideInAPackage("org.emailpki.api..")
        .should().dependOnClassesThat().resideInAnyPackage("org.emailpki.ca.embedded..", "org.emailpki.directory..")
        .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Store")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("org.emailpki.store.Outbox")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("org.emailpki.store.Transactions")
        .check(classes);
  }

  @Test
  void useCasesDependOnPortsNotAdapters() {
    noClasses().that().resideInAnyPackage("org.emailpki.issuance..", "org.emailpki.revocation..", "org.emailpki.directory")
        .should().dependOnClassesThat().resideInAnyPackage("org.emailpki.ca.embedded..", "org.emailpki.directory.ldap..")
        .check(classes);
  }

  @Test
  void theDomainCoreIsPureJava() {
    noClasses().that().resideInAnyPackage("org.emailpki.identity..", "org.emailpki.error..", "org.emailpki.ca", "org.emailpki.ca.profile..")
        .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "io.quarkus..", "io.vertx..", "java.sql..", "javax.sql..")
        .check(classes);
  }

  @Test
  void theAuditLogIsASinkThatCallsNothingBack() {
    noClasses().that().resideInAPackage("org.emailpki.audit..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.emailpki.api..", "org.emailpki.issuance..", "org.emailpki.store..", "org.emailpki.directory..",
            "org.emailpki.revocation..", "org.emailpki.ca..", "org.emailpki.auth..", "org.emailpki.pkix..")
        .check(classes);
  }

  @Test
  void theAuditFilesAndVocabularyRunWithoutTheContainer() {
    // The offline verifier and report use these: nothing may need Quarkus, CDI or a database.
    noClasses().that().resideInAnyPackage("org.emailpki.audit", "org.emailpki.audit.file..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "jakarta..", "io.quarkus..", "io.vertx..", "io.smallrye..", "org.eclipse.microprofile..", "java.sql..", "javax.sql..")
        .check(classes);
  }

  @Test
  void operationsRecordThroughThePortNotTheFileLog() {
    noClasses().that().resideInAnyPackage(
            "org.emailpki.issuance..", "org.emailpki.revocation..", "org.emailpki.directory..", "org.emailpki.auth..",
            "org.emailpki.ca..")
        .should().dependOnClassesThat().resideInAnyPackage("org.emailpki.audit.file..", "org.emailpki.audit.service..")
        .check(classes);
  }

  @Test
  void theApiReachesTheAuditLogOnlyThroughItsUseCase() {
    // The findings (Verification, AuditReport) are plain records it may render; the writer, the
    // keys and the files are not its business.
    noClasses().that().resideInAPackage("org.emailpki.api..")
        .should().dependOnClassesThat().haveFullyQualifiedName("org.emailpki.audit.service.FileAuditLog")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("org.emailpki.audit.file.AuditWriter")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("org.emailpki.audit.file.AuditKeys")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("org.emailpki.audit.file.SegmentArchiver")
        .check(classes);
  }

  @Test
  void theKeyStorageTargetsRunOnTheHoldersMachineWithoutTheService() {
    // The command-line tool runs them under the holder's own account: no container, no database,
    // no use case; only the pure domain (identity), the PKIX helpers and the owner-only files.
    noClasses().that().resideInAPackage("org.emailpki.keystore..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "jakarta..", "io.quarkus..", "io.vertx..", "io.smallrye..", "org.eclipse.microprofile..", "java.sql..", "javax.sql..",
            "org.emailpki.api..", "org.emailpki.issuance..", "org.emailpki.store..", "org.emailpki.directory..",
            "org.emailpki.revocation..", "org.emailpki.ca..", "org.emailpki.auth..", "org.emailpki.audit..",
            "org.emailpki.config..", "org.emailpki.cli..")
        .check(classes);
  }

  @Test
  void thePolicyIsPure() {
    // Every trust decision is a function of its arguments: no container, no files, no network, no
    // clock (callers pass the day), and nothing of the service but the key storage ranking.
    noClasses().that().resideInAPackage("org.emailpki.policy..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "jakarta..", "io.quarkus..", "io.vertx..", "io.smallrye..", "org.eclipse.microprofile..", "java.sql..", "javax.sql..",
            "java.nio.file..", "java.net..", "com.fasterxml..",
            "org.emailpki.api..", "org.emailpki.issuance..", "org.emailpki.trust..", "org.emailpki.store..", "org.emailpki.directory..",
            "org.emailpki.ca..", "org.emailpki.audit..", "org.emailpki.config..", "org.emailpki.revocation..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
        .check(classes);
  }

  @Test
  void theCommandLineNeverCallsTheServiceInProcess() {
    // Its commands run without the service: on files offline, or (provision) over the REST API.
    noClasses().that().resideInAPackage("org.emailpki.cli..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.emailpki.api..", "org.emailpki.issuance..", "org.emailpki.store..", "org.emailpki.directory..",
            "org.emailpki.revocation..", "org.emailpki.ca..")
        .check(classes);
  }

  @Test
  void theDirectoryAsksThePolicyThroughItsPort() {
    noClasses().that().resideInAPackage("org.emailpki.directory..")
        .should().dependOnClassesThat().resideInAnyPackage("org.emailpki.trust..", "org.emailpki.policy..")
        .check(classes);
  }

  @Test
  void theApiReachesTheRegistryOnlyThroughItsUseCase() {
    noClasses().that().resideInAPackage("org.emailpki.api..")
        .should().dependOnClassesThat().haveFullyQualifiedName("org.emailpki.trust.CaConfigLoader")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("org.emailpki.trust.GradeSelfCheck")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("org.emailpki.trust.DirectoryPublicationPolicy")
        .check(classes);
  }

  @Test
  void theValidationEngineUsesTheJdksPkixAndPortsOnly() {
    // Path building and validation are the JDK's (java.security.cert), never a hand-made or
    // Bouncy Castle one; the registry and the store are reached through its two ports' adapters.
    noClasses().that().resideInAPackage("org.emailpki.validation..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.emailpki.api..", "org.emailpki.issuance..", "org.emailpki.ca.embedded..", "org.emailpki.directory..",
            "org.emailpki.revocation..", "org.emailpki.audit..", "org.emailpki.auth..", "org.bouncycastle..")
        .check(classes);
  }

  @Test
  void theValidationResourceReachesTheEngineOnlyThroughItsUseCase() {
    noClasses().that().resideInAPackage("org.emailpki.api..")
        .should().dependOnClassesThat().haveFullyQualifiedName("org.emailpki.validation.Validator")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("org.emailpki.validation.StoreRecords")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("org.emailpki.validation.RegistryTrust")
        .check(classes);
  }

  @Test
  void theEngineItselfNeedsNeitherTheContainerNorADatabase() {
    // Only the use case and the two adapters are beans; the checks run as plain Java (the OpenSSL
    // cross-check and the benchmark run them so).
    noClasses().that().resideInAPackage("org.emailpki.validation")
        .and().doNotHaveSimpleName("CertificateValidation").and().doNotHaveSimpleName("StoreRecords")
        .and().doNotHaveSimpleName("RegistryTrust")
        .should().dependOnClassesThat().resideInAnyPackage(
            "jakarta..", "io.quarkus..", "io.vertx..", "java.sql..", "javax.sql..", "org.emailpki.store..", "org.emailpki.trust..")
        .check(classes);
  }

  @Test
  void topLevelPackagesHaveNoCycles() {
    slices().matching("org.emailpki.(*)..").should().beFreeOfCycles().check(classes);
  }
}

package org.emailpki.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** Typed root of every {@code emailpki.*} setting; see docs/configuration.md for each one. */
@ConfigMapping(prefix = "emailpki")
public interface EmailPkiConfig {

  /** Where the CA keys, database, users file and generated secrets live. Owner-only. */
  @WithDefault("./data")
  Path dataDir();

  /**
   * Base URL under which relying parties reach this service; CRL distribution points and AIA URLs
   * in issued certificates are built from it.
   */
  @WithDefault("http://localhost:8080")
  String publicUrl();

  /**
   * Folder of the trust and policy configuration: trusted-cas.yaml, profiles.yaml, policy.yaml and
   * the CA certificates they name (ca-config/README.md). Reloadable without restart.
   */
  @WithDefault("./ca-config")
  Path caConfigDir();

  Ca ca();

  Directory directory();

  Api api();

  Crl crl();

  Ocsp ocsp();

  Audit audit();

  /** Key provisioning by the service itself ({@code POST /api/v1/provisionings}). */
  Provisioning provisioning();

  /** The service's provisioning endpoint. */
  interface Provisioning {
    /** Shortest PKCS#12 password (and embedded-directory bind password) accepted, in characters. */
    @WithDefault("12")
    int minimumPasswordLength();

    /**
     * The folder holding holders' home directories ({@code <home-share>/<local part>}), when the
     * service runs where it may write them; absent (the default): the home-directory target is not
     * available on this deployment.
     */
    Optional<Path> homeShare();

    /**
     * The mount point of a removable medium at an RA workstation where the service runs; absent
     * (the default): the removable-media target is not available on this deployment.
     */
    Optional<Path> removableMedia();

    /**
     * The PKCS#11 module of the card reader or token at an RA workstation where the service runs
     * (OpenSC: {@code /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so}); absent (the default): the
     * smart-card target is not available on this deployment.
     */
    Optional<Path> pkcs11Module();

    /** The label of the token to use; absent with no slot: the only token present. */
    Optional<String> pkcs11TokenLabel();

    /** The slot ID of the token to use ({@code pkcs11-tool --list-slots}), instead of a label. */
    Optional<Long> pkcs11Slot();
  }

  Validation validation();

  /** Validation of others' certificates ({@code POST /api/v1/validations}, docs/validation.md). */
  interface Validation {
    /**
     * Whether a revocation status no source can answer (no CRL for an external CA's certificate)
     * still lets a certificate pass. False, the strict policy: unknown fails the verdict. Either
     * way the finding says "unknown".
     */
    @WithDefault("false")
    boolean acceptUnknownRevocation();
  }

  /** The embedded Bouncy Castle CA. */
  interface Ca {
    /** Identifier of the issuing CA in URLs ({@code /crl/{id}.crl}) and records. */
    @WithDefault("email")
    String id();

    /** Identifier of the root CA. */
    @WithDefault("root")
    String rootId();

    /** Organisation named in the CA subjects. */
    @WithDefault("emailpki")
    String organization();

    /** Key algorithm of the issuing CA: ec-p256, ec-p384, rsa-3072 or rsa-4096. */
    @WithDefault("ec-p256")
    String issuingKeyAlgorithm();

    /** Key algorithm of the root CA. */
    @WithDefault("ec-p384")
    String rootKeyAlgorithm();

    /** Validity of the root CA certificate when first created. */
    @WithDefault("P7300D")
    Duration rootValidity();

    /** Validity of the issuing CA certificate when first created. */
    @WithDefault("P3650D")
    Duration issuingValidity();

    /** Validity of issued end-entity certificates (capped by the issuing CA's own). */
    @WithDefault("P365D")
    Duration certificateValidity();
  }

  /** The LDAP directory that mail clients read. */
  interface Directory {
    /** Run the embedded UnboundID directory server; false means use {@link #url()}. */
    @WithDefault("true")
    boolean embedded();

    /** Embedded server listen port on 127.0.0.1 (0 picks a free port). */
    @WithDefault("1389")
    int embeddedPort();

    /** External directory, e.g. ldap://ldap.example.org:389 (used when embedded is false). */
    Optional<String> url();

    /** DN the service binds as to write certificates. */
    @WithDefault("cn=emailpki,dc=example,dc=org")
    String bindDn();

    /** File holding the bind password (generated for the embedded directory). */
    Optional<Path> bindPasswordFile();

    @WithDefault("dc=example,dc=org")
    String baseDn();

    /**
     * Folder of OpenLDAP .schema files loaded into the embedded directory; by default the copy of
     * the project's ldap-schema/ packaged with the service.
     */
    Optional<Path> schemaDir();

    /** How often the outbox of pending directory changes is replayed. */
    @WithDefault("10s")
    String replayInterval();
  }

  /** HTTP API limits. */
  interface Api {
    /** Largest request body accepted, in bytes; larger bodies get 413. */
    @WithDefault("65536")
    int maxBodyBytes();
  }

  /** Certificate revocation lists: full CRLs and delta CRLs (docs/revocation.md). */
  interface Crl {
    /** How far ahead a full CRL's nextUpdate is set; must exceed {@link #reissueAfter()}. */
    @WithDefault("P7D")
    Duration nextUpdate();

    /** A new full CRL is issued when the current one is older than this, even without revocations. */
    @WithDefault("P1D")
    Duration reissueAfter();

    /** How far ahead a delta CRL's nextUpdate is set; must exceed {@link #deltaReissueAfter()}. */
    @WithDefault("PT3H")
    Duration deltaNextUpdate();

    /** A new delta CRL is issued when the current one is older than this. */
    @WithDefault("PT1H")
    Duration deltaReissueAfter();

    /** How often the CRLs' age is checked (a Quarkus scheduler interval such as 60s). */
    @WithDefault("60s")
    String checkInterval();

    /**
     * Revocation reasons (RFC 5280 names) after which a new full and delta CRL are issued and
     * published before the revocation call returns; other revocations reach the next delta.
     */
    @WithDefault("keyCompromise,cACompromise")
    List<String> immediateReasons();
  }

  /** The OCSP responder (RFC 6960) of the issuing CA. */
  interface Ocsp {
    /** Run the responder and name it in the AIA of issued certificates. */
    @WithDefault("true")
    boolean enabled();

    /** nextUpdate of each answer: how long a client may cache it. */
    @WithDefault("PT1H")
    Duration nextUpdate();

    /** Validity of the delegated responder certificate (it carries id-pkix-ocsp-nocheck, so short). */
    @WithDefault("P30D")
    Duration signerValidity();

    /** The responder certificate is renewed when less than this remains; less than the validity. */
    @WithDefault("P10D")
    Duration signerRenewBefore();
  }

  /**
   * The tamper-evident audit log (docs/audit.md). Put {@link #dir()} on a disk apart from the
   * system's (handbook 1116), so a flood of events cannot fill the disk the system needs.
   */
  interface Audit {
    /** Live audit segments and checkpoints; default {@code <data-dir>/audit}. Owner-only. */
    Optional<Path> dir();

    /** Where rotated segments go, gzip-compressed and read-only; default {@code <dir>/archive}. */
    Optional<Path> archiveDir();

    /**
     * The Ed25519 audit signing key and its exported public key; default {@code <data-dir>/audit-key},
     * apart from the CA keys. Owner-only.
     */
    Optional<Path> keyDir();

    /** A segment is rotated (and archived) when it reaches this size. */
    @WithDefault("64M")
    @WithConverter(MemorySizeConverter.class)
    MemorySize rotateSize();

    /** Segments are also rotated at midnight in this time zone. */
    @WithDefault("UTC")
    ZoneId zone();

    /** A signed checkpoint is written when the last one is this old and records were added since. */
    @WithDefault("PT5M")
    Duration checkpointInterval();

    /** Archived segments are deleted when their last record is older than this. */
    @WithDefault("P400D")
    Duration retention();

    /** Below this much free space on the audit disks the service warns. */
    @WithDefault("1G")
    @WithConverter(MemorySizeConverter.class)
    MemorySize warnFreeSpace();

    /** Below this much free space new work is refused, before the disk is full. */
    @WithDefault("256M")
    @WithConverter(MemorySizeConverter.class)
    MemorySize refuseFreeSpace();

    /** How long an operation waits for its record to be durable before it fails. */
    @WithDefault("PT10S")
    Duration writeTimeout();

    /** How often the analysis report runs over the period just past and logs its findings. */
    @WithDefault("1h")
    String analysisInterval();

    /** How often the whole log is verified against the audit public key. */
    @WithDefault("24h")
    String verifyInterval();

    Analysis analysis();

    /** What the analysis reports as anomalous. */
    interface Analysis {
      /** Failed logins from one address, or against one account, within the window that make a burst. */
      @WithDefault("10")
      int burstThreshold();

      @WithDefault("PT5M")
      Duration burstWindow();

      /** More revocations than this within one clock hour are reported. */
      @WithDefault("20")
      int revocationsPerHour();
    }
  }
}

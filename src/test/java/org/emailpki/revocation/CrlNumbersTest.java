package org.emailpki.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.emailpki.ca.CrlSigner;
import org.emailpki.ca.RevocationReason;
import org.emailpki.ca.embedded.EmbeddedCaSet;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.identity.Mailbox;
import org.emailpki.store.CertificateRecord;
import org.emailpki.store.CertificateStatus;
import org.emailpki.store.CertificateStore;
import org.emailpki.store.CrlStore;
import org.emailpki.store.StoredCrl;
import org.emailpki.store.Transactions;
import org.emailpki.testing.MutableClock;
import org.emailpki.testing.TestAuditLog;
import org.emailpki.testing.TestConfig;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CRL numbers come from the database, so they keep increasing when the service restarts and when
 * several instances share one database. Each "instance" here is the service's own stack (JDBC
 * store, embedded CA loaded from the data directory, CRL service) over its own connections to
 * one H2 database migrated by the real Flyway scripts.
 */
class CrlNumbersTest {

  @TempDir Path dataDir;
  EmailPkiConfig config;
  MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

  @BeforeEach
  void migrate() {
    config = TestConfig.of(Map.of("emailpki.data-dir", dataDir.toString(), "emailpki.public-url", "http://pki.test"));
    Flyway.configure().dataSource(url(), "sa", "").locations("classpath:db/migration").load().migrate();
  }

  static final java.util.concurrent.atomic.AtomicInteger INSTANCES = new java.util.concurrent.atomic.AtomicInteger();

  /** One instance of the service: its own connections, its own CA objects, its own caches, its own audit log. */
  final class Instance {
    final Transactions tx;
    final CertificateStore certificates;
    final EmbeddedCaSet cas;
    final CrlService crls;
    final CrlSigner ca;

    Instance() {
      JdbcDataSource dataSource = new JdbcDataSource();
      dataSource.setURL(url());
      dataSource.setUser("sa");
      tx = new Transactions(dataSource);
      certificates = new CertificateStore(tx);
      cas = new EmbeddedCaSet(config, new SecureRandom(), clock);
      crls = new CrlService(cas, new CrlStore(tx), config, new TestAuditLog(dataDir.resolve("audit-" + INSTANCES.incrementAndGet())).writer(), clock);
      ca = cas.byId("email").orElseThrow();
    }

    /** Stores a certificate record (the CRL reads only serial, status and dates) and revokes it. */
    String revokeNew(RevocationReason reason) {
      String serial = new BigInteger(64, new SecureRandom()).setBit(63).toString(16);
      Instant now = clock.instant();
      certificates.recordIssued(
          new CertificateRecord(serial, "email", Mailbox.parse("n@example.org"), "smime-signing", "EC_P256", now,
              now.plus(Duration.ofDays(365)), now, "test", CertificateStatus.VALID, Optional.empty(), new byte[] {1}),
          serial,
          now,
          r -> {});
      certificates.revoke(serial, new CertificateRecord.Revocation(now, reason, "test"), r -> {}).orElseThrow();
      return serial;
    }
  }

  private String url() {
    return "jdbc:h2:file:" + dataDir.resolve("db").resolve("emailpki").toAbsolutePath() + ";DB_CLOSE_DELAY=-1";
  }

  @Test
  void afterARestartTheNextCrlNumberIsHigher() {
    Instance first = new Instance();
    first.revokeNew(RevocationReason.KEY_COMPROMISE);
    List<StoredCrl> before = first.crls.issueFullAndDelta(first.ca);
    assertEquals(before.get(0).number() + 1, before.get(1).number(), "the delta takes the next number");

    Instance restarted = new Instance();
    assertFalse(restarted.crls.refresh(restarted.ca), "fresh CRLs are not reissued at start");
    clock.advance(Duration.ofHours(1).plusSeconds(1));
    assertTrue(restarted.crls.refresh(restarted.ca), "the delta is due after an hour");
    StoredCrl delta = restarted.crls.currentDelta("email").orElseThrow();
    assertEquals(before.get(1).number() + 1, delta.number());
    assertEquals(Optional.of(before.get(0).number()), delta.baseNumber(), "based on the full CRL of the earlier run");
    List<StoredCrl> after = restarted.crls.issueFullAndDelta(restarted.ca);
    assertEquals(delta.number() + 1, after.get(0).number());
  }

  @Test
  void twoInstancesSharingTheDatabaseNeverReuseANumberAndNeverListLess() throws Exception {
    List<Instance> instances = List.of(new Instance(), new Instance());
    List<StoredCrl> issued = Collections.synchronizedList(new ArrayList<>());
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Instance instance = instances.get(t % 2);
        done.add(threads.submit(() -> {
          for (int i = 0; i < 10; i++) {
            instance.revokeNew(RevocationReason.KEY_COMPROMISE);
            issued.addAll(instance.crls.issueFullAndDelta(instance.ca));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      threads.shutdownNow();
    }

    assertEquals(80, issued.size());
    assertEquals(80, new HashSet<>(issued.stream().map(StoredCrl::number).toList()).size(), "no number twice");
    List<StoredCrl> full = issued.stream().filter(c -> c.kind() == StoredCrl.Kind.FULL).sorted((a, b) -> Long.compare(a.number(), b.number())).toList();
    int listed = 0;
    for (StoredCrl crl : full) {
      int entries = parse(crl.der()).getRevokedCertificates().size();
      assertTrue(entries >= listed, "CRL " + crl.number() + " lists " + entries + ", an earlier one " + listed);
      listed = entries;
    }
    assertEquals(40, listed, "the highest-numbered full CRL lists every revocation");
    for (StoredCrl delta : issued.stream().filter(c -> c.kind() == StoredCrl.Kind.DELTA).toList()) {
      assertTrue(delta.baseNumber().orElseThrow() < delta.number());
    }
  }

  private static X509CRL parse(byte[] der) {
    try {
      return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

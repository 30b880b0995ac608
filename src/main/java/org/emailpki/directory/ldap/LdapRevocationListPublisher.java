package org.emailpki.directory.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.emailpki.config.EmailPkiConfig;
import org.emailpki.directory.DirectoryException;
import org.emailpki.directory.RevocationListPublisher;
import org.emailpki.directory.RevocationLists;

/**
 * Publishes CA certificates and CRLs on {@code cn=<CA common name>,ou=cas,<base>}, an entry of
 * the structural class {@code cRLDistributionPoint} with the auxiliary {@code pkiCA} (both in
 * {@code core.schema}), as {@code cACertificate;binary}, {@code certificateRevocationList;binary}
 * and {@code deltaRevocationList;binary}: OpenLDAP insists on {@code ;binary} for the Certificate
 * and CertificateList syntaxes. A missing entry (or {@code ou=cas}) is created.
 *
 * <p>Values are replaced as a whole, guarded, as in {@link LdapCertificatePublisher}, by an
 * assertion that the entry has not changed since it was read; when it has, the entry and the
 * lists are read again, so the newest lists win between instances.
 */
@ApplicationScoped
public class LdapRevocationListPublisher implements RevocationListPublisher {

  static final String CA_CERTIFICATE = "cACertificate";
  static final String CRL = "certificateRevocationList";
  static final String DELTA_CRL = "deltaRevocationList";
  private static final String BINARY = ";binary";
  private static final String[] READ = {CA_CERTIFICATE, CRL, DELTA_CRL, "entryCSN", "modifyTimestamp"};
  private static final int ATTEMPTS = 5;

  private final LdapConnections connections;
  private final DN casDn;
  /** Serialises this instance's writes, so the assertion guard only settles races between instances. */
  private final ReentrantLock lock = new ReentrantLock();

  @Inject
  LdapRevocationListPublisher(LdapConnections connections, EmailPkiConfig config) {
    this(connections, config.directory().baseDn());
  }

  /**
   * A publisher writing below {@code ou=cas,<baseDn>}.
   *
   * @throws IllegalArgumentException when {@code baseDn} is not a DN
   */
  public LdapRevocationListPublisher(LdapConnections connections, String baseDn) {
    this.connections = connections;
    try {
      this.casDn = new DN(new RDN("ou", "cas"), new DN(baseDn));
    } catch (LDAPException e) {
      throw new IllegalArgumentException("not a DN: " + baseDn, e);
    }
  }

  /** The entry of the CA: its subject's most specific common name below {@code ou=cas}. */
  public DN entryFor(X509Certificate ca) {
    return new DN(new RDN("cn", commonName(ca)), casDn);
  }

  @Override
  public void publish(X509Certificate ca, Supplier<RevocationLists> latest) {
    Objects.requireNonNull(ca, "ca");
    Objects.requireNonNull(latest, "latest");
    DN dn = entryFor(ca);
    byte[] certificate = der(ca);
    lock.lock();
    try {
      LDAPConnectionPool pool = connections.pool();
      for (int attempt = 1; ; attempt++) {
        try {
          publishOnce(pool, dn, certificate, latest);
          return;
        } catch (LDAPException e) {
          if (attempt < ATTEMPTS && LdapFailures.isRace(e)) {
            continue;
          }
          connections.failed(e);
          throw new DirectoryException("directory publication of the CRLs of " + dn + " failed: " + LdapFailures.describe(e), e);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void publishOnce(LDAPConnectionPool pool, DN dn, byte[] certificate, Supplier<RevocationLists> latest) throws LDAPException {
    Entry entry = pool.getEntry(dn.toString(), READ);
    RevocationLists lists = latest.get(); // after the read: a newer list can only make the write fail
    if (entry == null) {
      add(pool, newEntry(dn, certificate, lists));
      return;
    }
    List<Modification> changes = new ArrayList<>();
    replaceIfDifferent(entry, CA_CERTIFICATE, certificate, changes);
    replaceIfDifferent(entry, CRL, lists.crl(), changes);
    if (lists.deltaCrl().isPresent()) {
      replaceIfDifferent(entry, DELTA_CRL, lists.deltaCrl().get(), changes);
    }
    LdapCertificatePublisher.modify(pool, entry, changes);
  }

  private static void replaceIfDifferent(Entry entry, String attribute, byte[] value, List<Modification> changes) {
    List<Attribute> present = entry.getAttributesWithOptions(attribute, null);
    boolean same =
        present.size() == 1 && present.get(0).size() == 1 && Arrays.equals(present.get(0).getValueByteArray(), value);
    if (!same) {
      for (Attribute a : present) {
        if (!a.getName().equalsIgnoreCase(attribute + BINARY)) {
          changes.add(new Modification(ModificationType.DELETE, a.getName())); // a stray description of the type
        }
      }
      changes.add(new Modification(ModificationType.REPLACE, attribute + BINARY, value));
    }
  }

  private static Entry newEntry(DN dn, byte[] certificate, RevocationLists lists) {
    Entry entry =
        new Entry(
            dn,
            new Attribute("objectClass", "top", "cRLDistributionPoint", "pkiCA"),
            new Attribute("cn", dn.getRDN().getAttributeValues()[0]),
            new Attribute(CA_CERTIFICATE + BINARY, certificate),
            new Attribute(CRL + BINARY, lists.crl()));
    lists.deltaCrl().ifPresent(delta -> entry.addAttribute(DELTA_CRL + BINARY, delta));
    return entry;
  }

  private void add(LDAPConnectionPool pool, Entry entry) throws LDAPException {
    try {
      pool.add(entry);
    } catch (LDAPException e) {
      if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
        throw e;
      }
      try {
        pool.add(EmbeddedDirectoryServer.organizationalUnit(casDn));
      } catch (LDAPException exists) {
        if (exists.getResultCode() != ResultCode.ENTRY_ALREADY_EXISTS) {
          throw exists;
        }
      }
      pool.add(entry);
    }
  }

  private static String commonName(X509Certificate ca) {
    try {
      DN subject = new DN(ca.getSubjectX500Principal().getName());
      for (RDN rdn : subject.getRDNs()) { // most specific first
        String[] names = rdn.getAttributeNames();
        for (int i = 0; i < names.length; i++) {
          if (names[i].equalsIgnoreCase("cn")) {
            return rdn.getAttributeValues()[i];
          }
        }
      }
      return subject.toString();
    } catch (LDAPException e) {
      throw new IllegalArgumentException("the CA's subject is not a DN: " + ca.getSubjectX500Principal(), e);
    }
  }

  private static byte[] der(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}

package org.emailpki.directory.ldap;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.Set;

/** How LDAP failures are classified and told, without secrets, in DirectoryException messages. */
final class LdapFailures {

  /**
   * Results that a concurrent writer on the same entry can cause between our read and our write;
   * the cure is to read again and recompute the change.
   */
  private static final Set<ResultCode> RACES =
      Set.of(
          ResultCode.ATTRIBUTE_OR_VALUE_EXISTS,
          ResultCode.NO_SUCH_ATTRIBUTE,
          ResultCode.ENTRY_ALREADY_EXISTS,
          ResultCode.NO_SUCH_OBJECT,
          ResultCode.ASSERTION_FAILED);

  private LdapFailures() {}

  static boolean isRace(LDAPException e) {
    return RACES.contains(e.getResultCode());
  }

  /**
   * The result code and the SDK's message. Neither carries request values: the SDK's messages name
   * hosts, DNs and diagnostics, never a bind password or attribute values.
   */
  static String describe(LDAPException e) {
    return "result " + e.getResultCode() + ": " + e.getMessage();
  }
}

package org.emailpki.issuance;

import java.util.Arrays;

/**
 * What a caller asks the provisioning endpoint for, as received: nothing here is validated yet.
 * The passwords are the caller's arrays; {@link #clear()} zeroes them once provisioning is over.
 *
 * @param email the holder's mailbox
 * @param profile a profile name, or null for the default
 * @param target a {@link ProvisioningTarget} name
 * @param keyType a KeySpec external name ({@code p256}, {@code rsa3072}, ...), or null for P-256
 * @param password protects the PKCS#12 (PBES2 AES-256-CBC, PBKDF2-HMAC-SHA256); not for a smart card
 * @param directoryPassword the holder's bind password for the embedded directory, or null to
 *     leave the entry's password as it is
 * @param pin the smart card's user PIN, for the smart-card target only
 */
public record ProvisioningRequest(
    String email, String profile, String target, String keyType, char[] password, char[] directoryPassword, char[] pin) {

  public void clear() {
    for (char[] secret : new char[][] {password, directoryPassword, pin}) {
      if (secret != null) {
        Arrays.fill(secret, '\0');
      }
    }
  }

  @Override
  public String toString() {
    return "ProvisioningRequest[email=" + email + ", profile=" + profile + ", target=" + target + ", keyType=" + keyType
        + ", passwords and PIN hidden]";
  }
}

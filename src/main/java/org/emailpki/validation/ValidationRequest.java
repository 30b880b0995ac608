package org.emailpki.validation;

import java.util.List;

/**
 * A validation request as the caller wrote it, before parsing.
 *
 * @param certificate the end-entity certificate (PEM), when no chain is given
 * @param chain PEM certificates, end entity first; the others may come in any order
 * @param purpose {@code sign} or {@code encrypt}
 * @param validationTime an ISO-8601 instant; absent means now
 * @param crls CRLs as PEM ({@code X509 CRL}) or base64 DER
 * @param initialPolicies acceptable certificate policy OIDs; absent or empty means any
 */
public record ValidationRequest(
    String certificate,
    List<String> chain,
    String purpose,
    String validationTime,
    List<String> crls,
    List<String> initialPolicies,
    Boolean requireExplicitPolicy,
    Boolean inhibitPolicyMapping,
    Boolean inhibitAnyPolicy) {}

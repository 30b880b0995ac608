package org.emailpki.validation;

import java.security.cert.PKIXParameters;
import java.util.Set;

/**
 * The relying party's certificate policy inputs of RFC 5280 6.1.1 (c), (e), (f), (g). The default
 * accepts any policy and requires none, as S/MIME clients do.
 *
 * @param initialPolicies acceptable policy OIDs; empty means any policy
 */
public record PolicyInputs(
    Set<String> initialPolicies, boolean explicitPolicyRequired, boolean policyMappingInhibited, boolean anyPolicyInhibited) {

  public static final PolicyInputs ANY = new PolicyInputs(Set.of(), false, false, false);

  public PolicyInputs {
    initialPolicies = Set.copyOf(initialPolicies);
  }

  void applyTo(PKIXParameters parameters) {
    parameters.setInitialPolicies(initialPolicies);
    parameters.setExplicitPolicyRequired(explicitPolicyRequired);
    parameters.setPolicyMappingInhibited(policyMappingInhibited);
    parameters.setAnyPolicyInhibited(anyPolicyInhibited);
  }
}

package org.emailpki.trust;

import java.util.List;

/**
 * What a reload of ca-config/ changed.
 *
 * @param added ids of CAs newly registered
 * @param removed ids of CAs no longer registered
 * @param changed ids of CAs whose entry changed (level, evidence, certificate, source, key location)
 * @param policyChanged whether the grade, its minimums or the profiles changed
 * @param reconsidered how many certificates were checked against the directory again because
 *     their CA's standing changed
 * @param cas the registry as it now stands
 */
public record ReloadResult(
    List<String> added, List<String> removed, List<String> changed, boolean policyChanged, int reconsidered, List<CaStatus> cas) {}

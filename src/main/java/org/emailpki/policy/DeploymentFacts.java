package org.emailpki.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the running deployment shows of itself, gathered by the service for {@link GradeChecklist}.
 *
 * @param uid the service process's user id; empty when the platform does not say
 * @param protectedPaths the key, data and audit files and folders whose mode was checked: the
 *     configured folders, and what is inside those open to group or others (inside an owner-only
 *     folder nothing is reachable, so nothing is looked at)
 * @param openPaths those of them that group or others may read, write or enter, each with its mode
 * @param auditRotation how often the live audit segment is rotated at the latest; empty when the
 *     audit log does not run
 * @param purposesIssuable the purposes of the profiles the issuing CA may issue under
 * @param caDecisions each registered CA's standing under the grade, by id
 * @param preset the grade's preset, to see whether an override lowered a minimum
 * @param effective the grade as in force
 */
public record DeploymentFacts(
    Optional<Long> uid,
    List<String> protectedPaths,
    Map<String, String> openPaths,
    Optional<Duration> auditRotation,
    Set<Purpose> purposesIssuable,
    Map<String, Decision> caDecisions,
    GradePolicy preset,
    GradePolicy effective) {

  public DeploymentFacts {
    protectedPaths = List.copyOf(protectedPaths);
    openPaths = Map.copyOf(openPaths);
    purposesIssuable = Set.copyOf(purposesIssuable);
    caDecisions = Map.copyOf(caDecisions);
  }
}

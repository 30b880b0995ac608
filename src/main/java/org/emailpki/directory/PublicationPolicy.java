package org.emailpki.directory;

import java.util.Optional;

/**
 * The port through which the trust policy says whether a CA's certificates may be in the directory
 * (docs/policy.md, enforcement point 2): only certificates from CAs at or above the configured
 * accreditation level are published.
 */
public interface PublicationPolicy {

  /** Publishes everything: for tools and tests that run without a trust registry. */
  PublicationPolicy ALLOW_ALL = (caId, profile) -> Optional.empty();

  /**
   * @return empty when certificates the CA issued under the profile may be published; otherwise
   *     the policy's reasons, for the log and the audit record
   */
  Optional<String> refusal(String caId, String profileName);
}

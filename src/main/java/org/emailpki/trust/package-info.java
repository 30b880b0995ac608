/**
 * The trusted CA registry and the policy configuration read from ca-config/ (docs/policy.md,
 * ca-config/README.md): loaded and checked at start, reloaded by an administrator with an atomic
 * swap, and the service-side glue that applies the pure {@link org.emailpki.policy} decisions.
 */
package org.emailpki.trust;

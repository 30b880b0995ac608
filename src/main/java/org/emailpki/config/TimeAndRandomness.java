package org.emailpki.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;

/** Time and randomness are beans so that tests can replace the clock and the random source. */
public class TimeAndRandomness {

  /** Application-scoped (proxied) so that a test can install a clock of its own. */
  @Produces
  @ApplicationScoped
  Clock clock() {
    return Clock.systemUTC();
  }

  /** The platform CSPRNG (NativePRNG on Linux); thread-safe. */
  @Produces
  @Singleton
  SecureRandom secureRandom() {
    return new SecureRandom();
  }
}

package org.emailpki.audit.file;

import java.time.Duration;

/**
 * What the analysis calls anomalous.
 *
 * @param burstThreshold authentication failures from one client address, or against one account,
 *     within {@code burstWindow} that make a burst (handbook 1112: exhaustive password attempts)
 * @param revocationsPerHour revocations within one clock hour above which the hour is unusual
 */
public record AnalysisSettings(int burstThreshold, Duration burstWindow, int revocationsPerHour) {

  public AnalysisSettings {
    if (burstThreshold < 1 || revocationsPerHour < 1 || burstWindow.isNegative() || burstWindow.isZero()) {
      throw new IllegalArgumentException("analysis thresholds and the burst window must be positive");
    }
  }

  /** The defaults of {@code emailpki.audit.analysis.*}. */
  public static AnalysisSettings defaults() {
    return new AnalysisSettings(10, Duration.ofMinutes(5), 20);
  }
}

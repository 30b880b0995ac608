package org.emailpki.testing;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.emailpki.config.EmailPkiConfig;

/** The real typed configuration, with defaults and the given overrides, outside Quarkus. */
public final class TestConfig {

  private TestConfig() {}

  public static EmailPkiConfig of(Map<String, String> properties) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(EmailPkiConfig.class)
            .withSources(new io.smallrye.config.PropertiesConfigSource(properties, "test", 500))
            .build();
    return config.getConfigMapping(EmailPkiConfig.class);
  }
}

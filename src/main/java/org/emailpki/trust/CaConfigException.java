package org.emailpki.trust;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * ca-config/ is wrong: names the file and the field, so the operator knows what to fix. At start it
 * stops the service; on reload the old configuration stays and the caller is told.
 *
 * <p>A Quarkus {@link ConfigurationException} because Quarkus reports a start that failed on one
 * with its message alone, where any other exception is logged with a page of stack trace that
 * buries the file and field the operator needs.
 */
public class CaConfigException extends ConfigurationException {

  private final String file;
  private final String field;

  public CaConfigException(String file, String field, String problem) {
    super(file + (field.isEmpty() ? "" : ": " + field) + ": " + problem);
    this.file = file;
    this.field = field;
  }

  public String file() {
    return file;
  }

  /** The field's path in the file, such as {@code cas[1].certificate}; empty for the file as a whole. */
  public String field() {
    return field;
  }
}

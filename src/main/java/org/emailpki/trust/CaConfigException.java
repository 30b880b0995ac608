package org.emailpki.trust;

/**
 * ca-config/ is wrong: names the file and the field, so the operator knows what to fix. At start it
 * stops the service; on reload the old configuration stays and the caller is told.
 */
public class CaConfigException extends RuntimeException {

  private final String file;
  private final String field;

  public CaConfigException(String file, String field, String problem) {
    super(file + (field.isEmpty() ? "" : ": " + field) + ": " + problem, null, false, false);
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

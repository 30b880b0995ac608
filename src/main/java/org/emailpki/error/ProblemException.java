package org.emailpki.error;

import java.util.Map;

/**
 * The one exception the service raises for a problem the caller can act on. Its detail is shown
 * to the caller verbatim, so it never carries secrets or internal class names; {@code extensions}
 * become extra members of the problem document.
 */
public class ProblemException extends RuntimeException {

  private final ProblemType type;
  private final Map<String, Object> extensions;

  public ProblemException(ProblemType type, String detail) {
    this(type, detail, Map.of());
  }

  public ProblemException(ProblemType type, String detail, Map<String, Object> extensions) {
    super(detail, null, false, false);
    this.type = type;
    this.extensions = Map.copyOf(extensions);
  }

  public ProblemType type() {
    return type;
  }

  public String detail() {
    return getMessage();
  }

  public Map<String, Object> extensions() {
    return extensions;
  }
}

package org.emailpki.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * One item of the grade self-check.
 *
 * @param id a stable name, such as {@code not-root}
 * @param handbook where the handbook demands it, such as {@code 1129 c ii}
 * @param requirement what the handbook asks, in short
 * @param detail what was found
 * @param fix what to do; present exactly when the item failed
 */
public record CheckItem(String id, String handbook, String requirement, CheckStatus status, String detail, Optional<String> fix) {

  public CheckItem {
    Objects.requireNonNull(status);
    if (fix.isPresent() != (status == CheckStatus.FAIL)) {
      throw new IllegalArgumentException("a fix goes with a failure, and only with one");
    }
  }

  static CheckItem pass(String id, String handbook, String requirement, String detail) {
    return new CheckItem(id, handbook, requirement, CheckStatus.PASS, detail, Optional.empty());
  }

  static CheckItem fail(String id, String handbook, String requirement, String detail, String fix) {
    return new CheckItem(id, handbook, requirement, CheckStatus.FAIL, detail, Optional.of(fix));
  }

  static CheckItem manual(String id, String handbook, String requirement, String detail) {
    return new CheckItem(id, handbook, requirement, CheckStatus.MANUAL, detail, Optional.empty());
  }
}

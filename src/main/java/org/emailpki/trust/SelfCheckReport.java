package org.emailpki.trust;

import java.util.List;
import org.emailpki.policy.CheckItem;
import org.emailpki.policy.CheckStatus;

/**
 * The grade self-check: every item of the grade's checklist with its verdict.
 *
 * @param passed whether no item failed (manual items do not count either way)
 */
public record SelfCheckReport(int grade, boolean passed, int pass, int fail, int manual, List<CheckItem> items) {

  static SelfCheckReport of(int grade, List<CheckItem> items) {
    int fail = count(items, CheckStatus.FAIL);
    return new SelfCheckReport(grade, fail == 0, count(items, CheckStatus.PASS), fail, count(items, CheckStatus.MANUAL), List.copyOf(items));
  }

  private static int count(List<CheckItem> items, CheckStatus status) {
    return (int) items.stream().filter(i -> i.status() == status).count();
  }
}

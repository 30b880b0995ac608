/**
 * The trust and accreditation policy, pure: CA accreditation levels and the evidence behind them,
 * the email security grades 0–4 of the handbook (paragraph 1129) as presets, certificate profile
 * minimums, and every decision made from them, each with its reasons. No I/O, no CDI, no clock:
 * callers pass the day, so the whole table of cases is unit-tested (docs/policy.md).
 */
package org.emailpki.policy;

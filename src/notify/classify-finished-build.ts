/**
 * Which events a finished build raises, given the previous build of the same builder that
 * ended with a verdict. Buildbot compares with build number N-1 whatever its state, so a
 * cancelled or still-running build in between hides problems and recoveries; we compare with
 * the previous *completed* build that passed or failed (success, warnings, failure, exception).
 */
import { EXCEPTION, FAILURE, resultName, severity, SUCCESS, WARNINGS } from '../buildbot/results.js';
import type { EventName } from './event-names.js';

const GOOD = [SUCCESS, WARNINGS];
const BAD = [FAILURE, EXCEPTION];
/** Results that are a verdict on the code, so a later build may be compared with them. */
export const VERDICTS = [SUCCESS, WARNINGS, FAILURE, EXCEPTION];

export function classifyFinishedBuild(result: number | null, previous: number | null): Set<EventName> {
  const events = new Set<EventName>(['finished']);
  const name = resultName(result);
  if (name === 'success' || name === 'warnings' || name === 'failure' || name === 'exception' || name === 'cancelled') events.add(name);
  if (result === null || previous === null) return events;
  if (GOOD.includes(previous) && BAD.includes(result)) events.add('problem');
  if (BAD.includes(previous) && GOOD.includes(result)) events.add('recovery');
  const now = severity(result);
  const before = severity(previous);
  // Cancelled, skipped and retried builds say nothing about the code: never worse or better.
  if (now !== null && before !== null && VERDICTS.includes(result)) {
    if (now > before) events.add('worse');
    if (now < before) events.add('better');
  }
  return events;
}

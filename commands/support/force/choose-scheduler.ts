/** The ForceScheduler to use for a builder: the one made for it alone, else the first that covers it. */
import type { ForceScheduler } from '../../../src/buildbot/schemas.js';
import { CommandError } from '../../../src/core/command.js';

export function chooseScheduler(schedulers: ForceScheduler[], builderName: string): ForceScheduler {
  const covering = schedulers.filter((s) => s.enabled && s.builderNames.includes(builderName));
  const best = covering.find((s) => s.builderNames.length === 1) ?? covering[0];
  if (!best) {
    throw new CommandError(`No force scheduler of the master covers ${builderName}, so it cannot be forced from here; the master's admin can add a ForceScheduler for it.`);
  }
  return best;
}

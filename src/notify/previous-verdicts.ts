/**
 * "What did this builder say last time?", which decides problem, recovery, worse and better.
 * Per builder, the newest verdict this process handled answers without a request; otherwise
 * the master is asked. Forgotten at each catch-up, since events may have been missed before one.
 */
import type { BuildbotClient } from '../buildbot/client.js';
import type { Build } from '../buildbot/schemas.js';
import { VERDICTS } from './classify-finished-build.js';

export class PreviousVerdicts {
  private readonly verdicts = new Map<number, { completeAt: number; number: number; result: number }>();

  constructor(private readonly client: BuildbotClient) {}

  /** The result of the last build of the same builder that completed before this one with a verdict. */
  async before(build: Build): Promise<number | null> {
    const last = this.verdicts.get(build.builderid);
    if (last && isEarlier(last, build)) return last.result;
    const recent = await this.client.listBuilds({ builderid: build.builderid, complete: true, order: '-number', limit: 20 });
    const completeAt = build.complete_at ?? Number.POSITIVE_INFINITY;
    const earlier = recent
      .filter((b) => b.buildid !== build.buildid && b.results !== null && VERDICTS.includes(b.results))
      .filter((b) => (b.complete_at ?? 0) < completeAt || ((b.complete_at ?? 0) === completeAt && b.number < build.number))
      .sort((a, b) => (b.complete_at ?? 0) - (a.complete_at ?? 0) || b.number - a.number);
    return earlier[0]?.results ?? null;
  }

  /** A build's end was handled with this result. */
  remember(build: Build, result: number | null): void {
    if (result === null || !VERDICTS.includes(result) || build.complete_at === null || build.complete_at === undefined) return;
    const last = this.verdicts.get(build.builderid);
    const entry = { completeAt: build.complete_at, number: build.number, result };
    if (!last || isEarlier(last, build)) this.verdicts.set(build.builderid, entry);
  }

  forget(): void {
    this.verdicts.clear();
  }
}

/**
 * `a`, handled before `b`, completed before it. Buildbot's times are whole seconds; within one
 * second the order in which the ends were handled (the master's event order) decides.
 */
function isEarlier(a: { completeAt: number }, b: Build): boolean {
  return a.completeAt <= (b.complete_at ?? Number.POSITIVE_INFINITY);
}

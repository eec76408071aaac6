/**
 * The replies a notification carries: template data only, JSON-safe, stored in the outbox.
 * Every field that comes from the master or a user is cut to a budget, so a notification stays
 * one IRC line (two at most) and one Telegram message whatever a reason or branch holds.
 */
import type { AdapterNotifyOptions } from '../core/platform.js';
import type { TemplateReply } from '../core/reply.js';
import type { LogTail } from '../buildbot/log-tail.js';
import { EXCEPTION, FAILURE } from '../buildbot/results.js';
import type { BuildNotice } from './describe-build.js';

/** Characters per field; `names`: authors and revisions shown, `name`: characters of each. */
export const FIELD_BUDGET = { reason: 200, stateString: 120, builder: 80, owner: 80, branch: 80, worker: 80, names: 3, name: 40, logLine: 200 } as const;

/** `text` cut to `max` characters (code points), the last one an ellipsis when cut. */
export function cutText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** The first `FIELD_BUDGET.names`, each cut, and "N more" when there were more. */
function cutNames(names: readonly string[]): string[] {
  const shown = names.slice(0, FIELD_BUDGET.names).map((name) => cutText(name, FIELD_BUDGET.name));
  return names.length > shown.length ? [...shown, `${names.length - shown.length} more`] : shown;
}

function withinBudget(notice: BuildNotice): BuildNotice {
  return {
    ...notice,
    builder: cutText(notice.builder, FIELD_BUDGET.builder),
    stateString: cutText(notice.stateString, FIELD_BUDGET.stateString),
    reason: cutText(notice.reason, FIELD_BUDGET.reason),
    owner: cutText(notice.owner, FIELD_BUDGET.owner),
    branch: notice.branch === null ? null : cutText(notice.branch, FIELD_BUDGET.branch),
    // Revisions are shown 12 characters long; more than a few are a list for the web page.
    revisions: notice.revisions.slice(0, FIELD_BUDGET.names).map((revision) => cutText(revision, FIELD_BUDGET.name)),
    blame: cutNames(notice.blame),
  };
}

/** `master`: the master's name, for the build's key (build ids repeat across masters). */
export function buildStartedReply(notice: BuildNotice, options: AdapterNotifyOptions, master: string): TemplateReply {
  return {
    template: 'build-started',
    data: { ...withinBudget(notice), showRevisions: options.useRevisions },
    build: { key: `${master}:${notice.buildid}`, stage: 'started' },
  };
}

/** `tail`: the failing step's last lines, read when some adapter asks for them (logTailLines). */
export function buildFinishedReply(notice: BuildNotice, options: AdapterNotifyOptions, master: string, tail: LogTail | null = null): TemplateReply {
  const lines = tail && options.logTailLines > 0 ? tail.lines.slice(-options.logTailLines).map((line) => cutText(line, FIELD_BUDGET.logLine)) : [];
  return {
    template: 'build-finished',
    // blame is read for every build when someone follows their own builds; shown for failed ones only
    data: {
      ...withinBudget(notice),
      showRevisions: options.useRevisions,
      blame: options.showBlameList && failed(notice.result) ? cutNames(notice.blame) : [],
      ...(tail && lines.length > 0 ? { tail: { step: tail.step, lines, rawUrl: tail.rawUrl } } : {}),
    },
    build: { key: `${master}:${notice.buildid}`, stage: 'finished' },
  };
}

/** `master`: named when the bot has several. */
export function workerReply(kind: 'missing' | 'back' | 'paused' | 'unpaused', worker: string, lastConnection: string | null, master: string | null): TemplateReply {
  const name = cutText(worker, FIELD_BUDGET.worker);
  if (kind === 'missing') return { template: 'worker-missing', data: { worker: name, lastConnection, master } };
  if (kind === 'back') return { template: 'worker-back', data: { worker: name, master } };
  return { template: 'worker-paused', data: { worker: name, paused: kind === 'paused', master } };
}

function failed(result: number | null): boolean {
  return result === FAILURE || result === EXCEPTION;
}

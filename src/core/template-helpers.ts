/**
 * Functions templates call as `it.h.NAME`: the logic of a reply (joins, lists, choices between
 * words) lives here, named, so a template reads as the text it prints. A helper that returns
 * formatted text takes the platform's format and escapes what it prints itself (templates
 * print it with `<%~ %>`); the others return plain text, escaped by `<%= %>`.
 */
import { formatAgo, formatDuration } from './format-time.js';
import type { ReplyData } from './reply-catalogue.js';
import { mentionText, type MentionView, type TextFormat } from './text-format.js';
import { resultName, resultPhrase } from '../buildbot/results.js';

type BuilderView = ReplyData<'status-builders'>['builders'][number];
type FormFieldView = ReplyData<'force-form'>['fields'][number];
type SubscriptionView = ReplyData<'notify-list'>['subscriptions'][number];
type WorkerView = ReplyData<'list-workers'>['workers'][number];
type UncancelledView = ReplyData<'cancel-done'>['other'][number];

/** Above this many, a summary line names the first ones and counts the rest. */
const SUMMARY_LIST_MAX = 15;

function shortRevision(revision: string | null | undefined): string {
  return revision ? revision.slice(0, 12) : '';
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** How `last`'s summary counts builders by their last result. */
const LAST_RESULT_LABELS: Partial<Record<string, string>> = { success: 'passed', warnings: 'with warnings', skipped: 'skipped', retry: 'retried', cancelled: 'cancelled' };

const SHUTDOWN_ACTIONS = { start: 'start a clean shutdown', stop: 'cancel a clean shutdown', now: 'stop the master' } as const;

export const templateHelpers = {
  ago: (when: number | null | undefined) => formatAgo(when),
  duration: formatDuration,
  resultName,
  resultPhrase,
  shortRevision,
  plural,

  /** "[test] " before a sample notification (notify test), else nothing. */
  testTag: (test: boolean | undefined) => (test ? '[test] ' : ''),
  /** "[prod] " before a message when the bot has several masters, else nothing. */
  masterTag: (master: string | null) => (master ? `[${master}] ` : ''),
  revisionList: (revisions: readonly string[]) => revisions.map(shortRevision).join(', '),
  /** "Branch main at 0123456789ab", "Branch main", "Revision 0123456789ab", or '' for neither. */
  buildSource(branch: string | null, revisions: readonly string[]): string {
    const shown = revisions.map(shortRevision).join(', ');
    if (!branch) return shown ? `Revision ${shown}` : '';
    return shown ? `Branch ${branch} at ${shown}` : `Branch ${branch}`;
  },
  firstLine: (text: string | null) => (text ?? '').split('\n')[0] ?? '',
  /** Command names as users type them: "!help, !status". */
  prefixed: (prefix: string, names: readonly string[]) => names.map((name) => prefix + name).join(', '),
  boldList: (fmt: TextFormat, names: readonly string[]) => names.map((name) => fmt.bold(name)).join(', '),
  buildLinks: (fmt: TextFormat, builds: readonly { number: number; url: string }[]) => builds.map((b) => fmt.link(b.url, `#${b.number}`)).join(', '),

  builderList: (fmt: TextFormat, builders: readonly { name: string; online: boolean }[]) =>
    builders.map((b) => fmt.bold(b.name) + (b.online ? '' : ` ${fmt.escape('(offline)')}`)).join(', '),
  workerList: (fmt: TextFormat, workers: readonly WorkerView[]) => workers.map((w) => `${fmt.bold(w.name)} ${fmt.escape(`(${workerState(w)})`)}`).join(', '),
  runningList: (fmt: TextFormat, builders: readonly { name: string; numbers: readonly number[] }[]) =>
    builders.map((b) => fmt.bold(b.name) + fmt.escape(` ${b.numbers.map((n) => `#${n}`).join(' ')}`)).join(', '),

  /** Why the master did not cancel a request, as read back: "it ended success", "a worker took it first". */
  uncancelledWhy(fmt: TextFormat, request: UncancelledView): string {
    if (request.complete) return fmt.escape('it ended ') + fmt.result(request.result, resultName(request.result));
    return fmt.escape(request.claimed ? 'a worker took it first' : 'the master still lists it as waiting');
  },
  /** "slow 3 of 4, flaky 1 of 9". */
  failureRanking: (fmt: TextFormat, builders: readonly { builder: string; failed: number; total: number }[]) =>
    builders.map((b) => fmt.bold(b.builder) + fmt.escape(` ${b.failed} of ${b.total}`)).join(', '),

  /** "--branch: Branch, default main, required; level: Level (1|2)", or "no parameters". */
  formFields: (fields: readonly FormFieldView[]) => fields.map(describeFormField).join('; ') || 'no parameters',
  /** A person named in a notification, the platform's way (TextFormat.mention). */
  mention: (fmt: TextFormat, m: MentionView) => mentionText(fmt, m),
  /** "failed (builders a,b; tags fast), started". */
  subscriptionList: (subscriptions: readonly SubscriptionView[]) => subscriptions.map(describeSubscription).join(', '),
  shutdownAction: (verb: keyof typeof SHUTDOWN_ACTIONS) => SHUTDOWN_ACTIONS[verb],

  /** What a builder does now: its running builds (linked), or offline, or idle. */
  builderActivity(fmt: TextFormat, builder: BuilderView): string {
    if (builder.running.length === 0) return fmt.escape(builder.online ? 'idle' : 'offline');
    const builds = builder.running.map((r) => fmt.link(r.url, `build #${r.number}`) + fmt.escape(`${r.step ? ` (${r.step})` : ''} for ${formatDuration(r.duration)}`));
    return `running ${builds.join(', ')}`;
  },
  /** The builders of a big status answer, sorted into the groups its summary names. */
  statusGroups(builders: readonly BuilderView[]) {
    const running = builders.filter((b) => b.running.length > 0);
    const failing = builders.filter((b) => b.running.length === 0 && b.failing);
    const offline = builders.filter((b) => !b.online && b.running.length === 0);
    return { running, failing, offline, idle: builders.length - running.length - failing.length - offline.length };
  },
  /** "fast-pass #12 (compile) #13". */
  runningSummary: (fmt: TextFormat, b: BuilderView) =>
    fmt.bold(b.name) + fmt.escape(` ${b.running.map((r) => `#${r.number}${r.step ? ` (${r.step})` : ''}`).join(' ')}`),
  /** "slow failure 5 minutes ago". */
  failingSummary: (fmt: TextFormat, b: BuilderView) =>
    `${fmt.bold(b.name)} ${fmt.result(b.last?.result ?? null, resultName(b.last?.result))}${fmt.escape(` ${formatAgo(b.last?.completeAt)}`)}`,
  /** `last`'s summary: the failing builders, and the others counted by last result (", 50 passed, 3 never built"). */
  lastGroups(builders: readonly BuilderView[]) {
    const failing = builders.filter((b) => b.failing);
    const counts = new Map<string, number>();
    for (const b of builders) {
      if (!b.last || b.failing) continue;
      const name = resultName(b.last.result);
      const label = LAST_RESULT_LABELS[name] ?? name;
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    const tally = [...counts].map(([label, n]) => `${n} ${label}`);
    const never = builders.filter((b) => !b.last).length;
    if (never > 0) tally.push(`${never} never built`);
    return { failing, tally: tally.map((t) => `, ${t}`).join('') };
  },
  /** "slow #7 failure 5 minutes ago", the build linked. */
  lastFailingSummary: (fmt: TextFormat, b: BuilderView) =>
    b.last
      ? `${fmt.bold(b.name)} ${fmt.link(b.last.url, `#${b.last.number}`)} ${fmt.result(b.last.result, resultName(b.last.result))}${fmt.escape(` ${formatAgo(b.last.completeAt)}`)}`
      : fmt.bold(b.name),
  /** "3 builders have no completed build yet." ("3 more builders" after a list). */
  neverBuiltCount: (n: number, more: boolean) => `${n} ${more ? 'more ' : ''}${n === 1 ? 'builder has' : 'builders have'} no completed build yet.`,
  /** Formatted entries joined, the first SUMMARY_LIST_MAX of them, and how many more. */
  cappedList: (fmt: TextFormat, entries: readonly string[]) =>
    entries.slice(0, SUMMARY_LIST_MAX).join(', ') + (entries.length > SUMMARY_LIST_MAX ? fmt.escape(`, and ${entries.length - SUMMARY_LIST_MAX} more`) : ''),
};

/** "connected", "disconnected, paused", "connected, shutting down gracefully"... */
function workerState(w: WorkerView): string {
  const link = !w.configured ? 'unused' : !w.connected ? 'disconnected' : 'connected';
  return [link, ...(w.paused ? ['paused'] : []), ...(w.graceful ? ['shutting down gracefully'] : [])].join(', ');
}

/** What to type for a force form field: `--props=duration=` is `duration`, `--branch=` is `--branch`. */
function fieldKey(arg: string): string {
  return (arg.startsWith('--props=') ? arg.slice('--props='.length) : arg).replace(/=$/, '');
}

/** "duration: Duration in s, required": the name to type, then the label when it says more. */
function describeFormField(field: FormFieldView): string {
  const key = fieldKey(field.arg);
  const named = key.replace(/^--/, '') === field.label ? key : `${key}: ${field.label}`;
  const values = field.kind === 'choice' ? ` (${(field.choices ?? []).join('|')})` : field.kind === 'boolean' ? ' (true|false)' : '';
  return named + values + (field.default !== '' ? `, default ${field.default}` : '') + (field.required ? ', required' : '');
}

function describeSubscription({ event, filters }: SubscriptionView): string {
  const named = [
    ['masters', filters.masters],
    ['builders', filters.builders],
    ['tags', filters.tags],
    ['branches', filters.branches],
  ] as const;
  const described = named.filter(([, values]) => values.length > 0).map(([what, values]) => `${what} ${values.join(',')}`);
  // `notify on --mine`: only the asker's own builds
  if (filters.mine !== undefined) described.unshift('mine');
  return described.length > 0 ? `${event} (${described.join('; ')})` : event;
}

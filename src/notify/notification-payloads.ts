/** The replies a notification carries: template data only, JSON-safe, stored in the outbox. */
import type { AdapterNotifyOptions } from '../core/platform.js';
import type { TemplateReply } from '../core/reply.js';
import type { LogTail } from '../buildbot/log-tail.js';
import type { BuildNotice } from './describe-build.js';

/** `master`: the master's name, for the build's key (build ids repeat across masters). */
export function buildStartedReply(notice: BuildNotice, options: AdapterNotifyOptions, master: string): TemplateReply {
  return { template: 'build-started', data: { ...notice, showRevisions: options.useRevisions }, build: { key: `${master}:${notice.buildid}`, stage: 'started' } };
}

/** `tail`: the failing step's last lines, read when some adapter asks for them (logTailLines). */
export function buildFinishedReply(notice: BuildNotice, options: AdapterNotifyOptions, master: string, tail: LogTail | null = null): TemplateReply {
  const lines = tail && options.logTailLines > 0 ? tail.lines.slice(-options.logTailLines) : [];
  return {
    template: 'build-finished',
    data: {
      ...notice,
      showRevisions: options.useRevisions,
      blame: options.showBlameList ? notice.blame : [],
      tail: tail && lines.length > 0 ? { step: tail.step, lines, rawUrl: tail.rawUrl } : null,
    },
    build: { key: `${master}:${notice.buildid}`, stage: 'finished' },
  };
}

/** `master`: named when the bot has several. */
export function workerReply(kind: 'missing' | 'back' | 'paused' | 'unpaused', worker: string, lastConnection: string | null, master: string | null): TemplateReply {
  if (kind === 'missing') return { template: 'worker-missing', data: { worker, lastConnection, master } };
  if (kind === 'back') return { template: 'worker-back', data: { worker, master } };
  return { template: 'worker-paused', data: { worker, paused: kind === 'paused', master } };
}

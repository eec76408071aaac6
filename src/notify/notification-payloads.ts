/** The replies a notification carries: template data only, JSON-safe, stored in the outbox. */
import type { AdapterNotifyOptions } from '../core/platform.js';
import type { TemplateReply } from '../core/reply.js';
import { EXCEPTION, FAILURE } from '../buildbot/results.js';
import type { BuildNotice } from './describe-build.js';

/** `master`: the master's name, for the build's key (build ids repeat across masters). */
export function buildStartedReply(notice: BuildNotice, options: AdapterNotifyOptions, master: string): TemplateReply {
  return { template: 'build-started', data: { ...notice, showRevisions: options.useRevisions }, build: { key: `${master}:${notice.buildid}`, stage: 'started' } };
}

export function buildFinishedReply(notice: BuildNotice, options: AdapterNotifyOptions, master: string): TemplateReply {
  return {
    template: 'build-finished',
    // blame is read for every build when someone follows their own builds; shown for failed ones only
    data: { ...notice, showRevisions: options.useRevisions, blame: options.showBlameList && failed(notice.result) ? notice.blame : [] },
    build: { key: `${master}:${notice.buildid}`, stage: 'finished' },
  };
}

/** `master`: named when the bot has several. */
export function workerReply(kind: 'missing' | 'back', worker: string, lastConnection: string | null, master: string | null): TemplateReply {
  return kind === 'missing'
    ? { template: 'worker-missing', data: { worker, lastConnection, master } }
    : { template: 'worker-back', data: { worker, master } };
}

function failed(result: number | null): boolean {
  return result === FAILURE || result === EXCEPTION;
}

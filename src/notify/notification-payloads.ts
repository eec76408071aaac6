/** The replies a notification carries: template data only, JSON-safe, stored in the outbox. */
import type { AdapterNotifyOptions } from '../core/platform.js';
import type { TemplateReply } from '../core/reply.js';
import type { BuildNotice } from './describe-build.js';

export function buildStartedReply(notice: BuildNotice, options: AdapterNotifyOptions): TemplateReply {
  return { template: 'build-started', data: { ...notice, showRevisions: options.useRevisions } };
}

export function buildFinishedReply(notice: BuildNotice, options: AdapterNotifyOptions): TemplateReply {
  return {
    template: 'build-finished',
    data: { ...notice, showRevisions: options.useRevisions, blame: options.showBlameList ? notice.blame : [] },
  };
}

/** `master`: named when the bot has several. */
export function workerReply(kind: 'missing' | 'back', worker: string, lastConnection: string | null, master: string | null): TemplateReply {
  return kind === 'missing'
    ? { template: 'worker-missing', data: { worker, lastConnection, master } }
    : { template: 'worker-back', data: { worker, master } };
}

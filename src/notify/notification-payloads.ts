/** The replies a notification carries: template data only, JSON-safe, stored in the outbox. */
import type { TemplateReply } from '../core/reply.js';
import type { BuildNotice } from './describe-build.js';

export interface AdapterNotifyOptions {
  useRevisions: boolean;
  showBlameList: boolean;
  /** The adapter's own `tags`: its chats hear only of builders carrying one (null: all). */
  tags: string[] | null;
}

export function buildStartedReply(notice: BuildNotice, options: AdapterNotifyOptions): TemplateReply {
  return { template: 'build-started', data: { ...notice, showRevisions: options.useRevisions } };
}

export function buildFinishedReply(notice: BuildNotice, options: AdapterNotifyOptions): TemplateReply {
  return {
    template: 'build-finished',
    data: { ...notice, showRevisions: options.useRevisions, blame: options.showBlameList ? notice.blame : [] },
  };
}

export function workerReply(kind: 'missing' | 'back', worker: string, lastConnection: string | null): TemplateReply {
  return kind === 'missing'
    ? { template: 'worker-missing', data: { worker, lastConnection } }
    : { template: 'worker-back', data: { worker } };
}

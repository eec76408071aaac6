/**
 * `notify test [EVENT]`: a sample of a chat's notification, built from the newest real build its
 * subscription's filters let through (on the masters it covers), sent through the outbox and the
 * adapter like a real one and marked "[test]". When nothing would be sent, the reason says which
 * filter stops it. A sample is never tied to a build's other messages (Telegram edits a build's
 * "started" message into its result): it carries no build key.
 */
import { randomUUID } from 'node:crypto';
import { builderHasTags } from '../buildbot/builder-overview.js';
import type { BuildbotClient } from '../buildbot/client.js';
import { FAILURE, RESULTS, SUCCESS } from '../buildbot/results.js';
import type { Build, Builder, MasterConfig } from '../buildbot/schemas.js';
import type { TestNotificationResult } from '../core/command.js';
import type { ChatRef } from '../core/message.js';
import type { AdapterNotifyOptions } from '../core/platform.js';
import type { TemplateReply } from '../core/reply.js';
import { storedChat } from '../store/stored-chat.js';
import type { Stores } from '../store/stores.js';
import type { Subscription } from '../store/subscriptions.js';
import { describeBuild } from './describe-build.js';
import { filtersMatch } from './match-subscription.js';
import { buildFinishedReply, buildStartedReply, workerReply } from './notification-payloads.js';

/** How far back, per master, a sample build is looked for. */
const RECENT_BUILDS = 100;

export interface SampleMaster {
  name: string;
  client: BuildbotClient;
  masterConfig: () => Promise<MasterConfig>;
  /** The builders this master notifies of: its own `tags`, else the global option (null: all). */
  tags: string[] | null;
}

export interface TestNotificationOptions {
  stores: Pick<Stores, 'outbox' | 'subscriptions'>;
  masters: readonly SampleMaster[];
  /** The bot has several masters: samples name theirs, as notifications do. */
  showMaster: boolean;
  adapterOptions: (adapter: string) => AdapterNotifyOptions;
  onEnqueued: () => void;
}

type Sample = { reply: TemplateReply; name: string; master: string; result: number | null; completeAt: number };

export async function sendTestNotification(
  options: TestNotificationOptions,
  chat: Pick<ChatRef, 'adapter' | 'id'>,
  wanted: { event?: string; master?: string },
): Promise<TestNotificationResult> {
  const subscriptions = options.stores.subscriptions.list(chat);
  const { event } = wanted;
  const subscription = event === undefined ? subscriptions[0] : subscriptions.find((s) => s.event === event);
  if (!subscription) {
    const reason = event === undefined ? 'this chat is notified of nothing (notify on turns events on)' : `this chat is not notified of ${event} (notify on ${event} turns it on)`;
    return { sent: false, subscription: null, reason };
  }
  const covered = subscription.filters.masters;
  if (wanted.master !== undefined && covered.length > 0 && !covered.includes(wanted.master)) {
    return { sent: false, subscription, reason: `this chat's subscription to ${subscription.event} covers master ${covered.join(', ')} only, not ${wanted.master}` };
  }
  const masters = options.masters.filter((m) => (wanted.master !== undefined ? m.name === wanted.master : covered.length === 0 || covered.includes(m.name)));
  if (masters.length === 0) return { sent: false, subscription, reason: `this chat's subscription to ${subscription.event} covers master ${covered.join(', ')}, which the bot does not have` };
  const sample = subscription.event === 'worker' ? await workerSample(options, masters) : await buildSample(options, chat.adapter, subscription, masters);
  if ('reason' in sample) return { sent: false, subscription, reason: sample.reason };
  const { build: _build, ...reply } = sample.reply;
  options.stores.outbox.enqueue({
    ...storedChat(chat),
    payload: JSON.stringify({ ...reply, data: { ...reply.data, test: true } }),
    dedupeKey: `test:${randomUUID()}`,
    createdAt: Date.now(),
  });
  options.onEnqueued();
  return { sent: true, subscription, sample: sample.name, master: options.showMaster ? sample.master : null };
}

async function workerSample(options: TestNotificationOptions, masters: readonly SampleMaster[]): Promise<Sample | { reason: string }> {
  for (const master of masters) {
    const [worker] = await master.client.listWorkers();
    if (!worker) continue;
    const now = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    const reply = workerReply('missing', worker.name, now, options.showMaster ? master.name : null);
    return { reply, name: `worker ${worker.name}`, master: master.name, result: null, completeAt: 0 };
  }
  return { reason: `${masters.length === 1 ? 'the master has' : 'the masters have'} no worker` };
}

/** The result a sample of `event` reads best with: a failure for failure, problem and worse. */
function preferredResult(event: string): number | null {
  if (event === 'problem' || event === 'worse') return FAILURE;
  if (event === 'recovery' || event === 'better') return SUCCESS;
  const result = (RESULTS as readonly string[]).indexOf(event);
  return result < 0 ? null : result;
}

async function buildSample(
  options: TestNotificationOptions,
  adapter: string,
  subscription: Subscription,
  masters: readonly SampleMaster[],
): Promise<Sample | { reason: string }> {
  const adapterOptions = options.adapterOptions(adapter);
  const preferred = preferredResult(subscription.event);
  let read = 0;
  const found: { sample: Sample; preferred: boolean }[] = [];
  for (const master of masters) {
    const builds = await master.client.listBuilds({ complete: true, order: '-buildid', limit: RECENT_BUILDS });
    read += builds.length;
    const hit = await firstMatching(options, master, adapterOptions, subscription, orderBy(builds, preferred));
    if (hit) found.push({ sample: hit, preferred: preferred === null || hit.result === preferred });
  }
  // the master whose sample fits the event best, then the newest
  found.sort((a, b) => Number(b.preferred) - Number(a.preferred) || b.sample.completeAt - a.sample.completeAt);
  const [best] = found;
  if (best) return best.sample;
  const limits = [
    ...describeFilters(subscription),
    ...new Set(masters.flatMap((m) => (m.tags ? [`the bot's tags for ${options.showMaster ? `master ${m.name}` : 'the master'} (${m.tags.join(', ')})`] : []))),
    ...(adapterOptions.tags ? [`this platform's tags (${adapterOptions.tags.join(', ')})`] : []),
  ];
  const where = masters.length === 1 ? "the master's" : `the ${masters.length} masters'`;
  return { reason: `none of ${where} last ${read} completed builds passes ${limits.length > 0 ? limits.join(' and ') : 'the filters'}` };
}

/** Builds with the preferred result first, each group newest first. */
function orderBy(builds: Build[], preferred: number | null): Build[] {
  return preferred === null ? builds : [...builds.filter((b) => b.results === preferred), ...builds.filter((b) => b.results !== preferred)];
}

async function firstMatching(
  options: TestNotificationOptions,
  master: SampleMaster,
  adapterOptions: AdapterNotifyOptions,
  subscription: Subscription,
  builds: Build[],
): Promise<Sample | null> {
  const builders = new Map<number, Builder | null>();
  const facts = { master: master.name };
  for (const build of builds) {
    if (!builders.has(build.builderid)) builders.set(build.builderid, await master.client.getBuilderById(build.builderid));
    const builder = builders.get(build.builderid);
    if (!builder || !builderHasTags(builder, master.tags) || !builderHasTags(builder, adapterOptions.tags)) continue;
    // the branch is a property: read only for builds that pass the other filters
    if (!filtersMatch({ ...subscription.filters, branches: [] }, { ...facts, builder: builder.name, tags: builder.tags, branch: null })) continue;
    const { buildbotURL } = await master.masterConfig();
    const notice = await describeBuild(master.client, builder, build, buildbotURL, options.showMaster ? master.name : null);
    if (!filtersMatch(subscription.filters, { ...facts, builder: notice.builder, tags: notice.tags, branch: notice.branch })) continue;
    const reply = subscription.event === 'started' ? buildStartedReply(notice, adapterOptions, master.name) : buildFinishedReply(notice, adapterOptions, master.name);
    return { reply, name: `${notice.builder} #${notice.number}`, master: master.name, result: notice.result, completeAt: build.complete_at ?? build.started_at };
  }
  return null;
}

function describeFilters(subscription: Subscription): string[] {
  const { masters, builders, tags, branches } = subscription.filters;
  return [
    ...(masters.length ? [`masters ${masters.join(', ')}`] : []),
    ...(builders.length ? [`builders ${builders.join(', ')}`] : []),
    ...(tags.length ? [`tags ${tags.join(', ')}`] : []),
    ...(branches.length ? [`branches ${branches.join(', ')}`] : []),
  ];
}

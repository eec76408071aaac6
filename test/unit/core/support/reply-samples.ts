/**
 * Sample data for every reply template, several per template so each branch of it is rendered:
 * the golden test prints them on every text format, the catalogue test checks them against the
 * catalogue's schemas. A template without samples is still checked with data built from its schema. Times are relative to SAMPLE_NOW, which the tests freeze the clock at.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, vi } from 'vitest';
import { builtInTemplatesDir } from '../../../../src/core/template-files.js';
import type { ReplyData, TemplateName } from '../../../../src/core/reply-catalogue.js';
import type { TemplateReply } from '../../../../src/core/reply.js';

/** 2026-01-01T12:00:00Z, in Unix seconds. */
export const SAMPLE_NOW = 1_767_268_800;

const url = (n: number) => `http://127.0.0.1:8010/#/builders/3/builds/${n}`;
const hostile = 'a_*b*<i>&amp;\u0003\u0002';

const notice = {
  master: null,
  buildid: 81,
  builderid: 3,
  builder: 'fast-pass',
  tags: ['fast'],
  number: 12,
  url: url(12),
  result: null,
  stateString: 'building',
  duration: null,
  reason: '',
  owner: '',
  branch: null,
  revisions: [],
  blame: [],
  showRevisions: true,
};

const finished = {
  ...notice,
  result: 2,
  stateString: 'failed compile',
  duration: 185,
  reason: 'fix the build',
  owner: 'alice <alice@example.org>',
  branch: 'main',
  revisions: ['0123456789abcdef0123', 'fedcba9876543210fedc'],
  blame: ['alice', 'bob'],
};

const lastBuild = { number: 11, url: url(11), result: 0, stateString: 'build successful', startedAt: SAMPLE_NOW - 400, completeAt: SAMPLE_NOW - 300, duration: 100 };
const failedBuild = { ...lastBuild, number: 9, url: url(9), result: 2, stateString: 'failed test' };
const runningBuild = { number: 12, url: url(12), result: null, stateString: 'building', startedAt: SAMPLE_NOW - 65, completeAt: null, duration: 65 };

const builderView = (name: string, more: object = {}) => ({ name, online: true, running: [], last: lastBuild, failing: false, ...more });

const subscription = (event: string, filters: Partial<Record<'masters' | 'builders' | 'tags' | 'branches', string[]>> = {}) => ({
  event,
  filters: { masters: [], builders: [], tags: [], branches: [], ...filters },
});

const manyBuilders = [
  ...Array.from({ length: 17 }, (_, i) =>
    builderView(`run-${i}`, { running: [{ ...runningBuild, step: i % 2 ? 'compile' : null }, { ...runningBuild, number: 13, step: null }] }),
  ),
  ...Array.from({ length: 3 }, (_, i) => builderView(`fail-${i}`, { last: failedBuild, failing: true })),
  ...Array.from({ length: 2 }, (_, i) => builderView(`off-${i}`, { online: false, last: null })),
  builderView('idle-0'),
];

export const replySamples: { [T in TemplateName]?: ReplyData<T>[] } = {
  'build-finished': [
    finished,
    { ...finished, master: 'prod', result: 0, stateString: 'build successful', showRevisions: false, blame: [] },
    { ...finished, branch: null, reason: '', owner: '', blame: [], duration: null },
    { ...finished, branch: null, showRevisions: false, stateString: '', result: 4 },
    { ...notice, result: 6, duration: 3, builder: hostile },
    { ...finished, tail: { step: 'test', lines: ['FAIL test_parser', hostile, '2 failed'], rawUrl: 'http://127.0.0.1:8010/api/v2/logs/40/raw' } },
    { ...finished, tail: { step: 'test', lines: ['one line'], rawUrl: null } },
  ],
  'build-started': [
    notice,
    { ...notice, master: 'prod', branch: 'main', revisions: ['0123456789abcdef0123', 'abc'], reason: 'forced by alice' },
    { ...notice, branch: 'dev', revisions: ['0123456789abcdef0123'], showRevisions: false, reason: hostile },
  ],
  'cancel-done': [
    { builder: 'queued', cancelled: [7], other: [] },
    { builder: 'queued', cancelled: [7, 8], other: [{ id: 9, claimed: true, complete: false, result: null }] },
    {
      builder: 'queued',
      cancelled: [],
      other: [
        { id: 9, claimed: true, complete: true, result: 0 },
        { id: 10, claimed: false, complete: false, result: null },
      ],
    },
  ],
  'cancel-not-waiting': [
    { id: 7, builder: 'fast-pass', complete: true, result: 0 },
    { id: 7, builder: 'fast-pass', complete: false, result: null },
  ],
  'cancel-nothing': [{ builder: 'queued' }],
  'channel-joined': [{ channel: '#ci' }],
  'channel-left': [{ channel: '#ci' }],
  'command-crashed': [{ name: 'status' }],
  commands: [
    { prefix: '!', allowed: ['help', 'status'], denied: ['force', 'stop'] },
    { prefix: '', allowed: ['help'], denied: [] },
  ],
  denied: [{ prefix: '/', name: 'force' }],
  'empty-command': [{ prefix: '' }],
  'force-choose-builder': [{ builders: [] }, { builders: ['fast-pass', 'prod/slow'] }],
  'force-form': [
    {
      builder: 'fast-pass',
      scheduler: 'force',
      prefix: '/',
      fields: [
        { label: 'Branch', arg: '--branch=', kind: 'text', default: 'main', required: true },
        { label: 'Level', arg: '--props=level=', kind: 'choice', choices: ['1', '2'], default: '', required: false },
        { label: 'clean', arg: '--props=clean=', kind: 'boolean', default: 'false', required: false },
      ],
    },
    { builder: 'slow', scheduler: 'nightly', prefix: '', fields: [] },
  ],
  'force-requested': [
    { builder: 'fast-pass', scheduler: 'force', request: 7 },
    { builder: 'fast-pass', scheduler: 'force', request: null },
  ],
  'force-started': [{ builder: 'fast-pass', number: 12, url: url(12) }],
  'force-waiting': [{ builder: 'fast-pass', request: 7, seconds: 30 }],
  getid: [
    { user: { id: 'alice', account: 'alice_acct' }, chat: { adapter: 'irc', id: '#ci', private: false } },
    { user: { id: '42' }, chat: { adapter: 'telegram', id: '42', private: true } },
  ],
  hello: [{ greeting: 'Hola', name: 'alice' }],
  'help-command': [
    { prefix: '!', usage: 'status [BUILDER|all]', summary: 'what the builders do', help: 'Longer help.', aliases: ['st', 's'], allowed: true },
    { prefix: '', usage: 'force build BUILDER', summary: 'start a build', help: '', aliases: [], allowed: false },
  ],
  'help-list': [
    {
      prefix: '/',
      commands: [
        { name: 'help', summary: 'list the commands', allowed: true },
        { name: 'force', summary: 'start a build', allowed: false },
      ],
    },
  ],
  'help-unknown': [{ name: 'frobnicate', prefix: '!' }],
  'last-builds': [
    { prefix: '!', builders: [], neverBuilt: 0 },
    { prefix: '!', builders: [], neverBuilt: 3 },
    { prefix: '', builders: [builderView('fast-pass')], neverBuilt: 1 },
    {
      prefix: '',
      neverBuilt: 0,
      builders: [
        builderView('fast-pass'),
        builderView('slow', { last: failedBuild }),
        builderView('broken', { last: { ...failedBuild, stateString: '' } }),
        builderView('new', { last: null }),
      ],
    },
  ],
  'last-summary': [
    { builders: manyBuilders, webUrl: 'http://127.0.0.1:8010/', prefix: '!' },
    { builders: Array.from({ length: 13 }, (_, i) => builderView(`pass-${i}`)), webUrl: 'http://127.0.0.1:8010/', prefix: '' },
  ],
  'list-builders': [
    { all: false, builders: [] },
    { all: true, builders: [] },
    { all: false, builders: [{ name: 'fast-pass', online: true }, { name: 'slow', online: true }] },
    { all: true, builders: [{ name: 'fast-pass', online: true }, { name: hostile, online: false }] },
  ],
  'list-changes': [
    { changes: [], capped: false, limit: 10 },
    {
      capped: false,
      limit: 10,
      changes: [{ changeid: 5, comments: 'Fix the parser\n\nLong text', author: 'alice', branch: 'main', revision: '0123456789abcdef0123', repository: 'https://git/x', when_timestamp: SAMPLE_NOW - 7200 }],
    },
    {
      capped: true,
      limit: 2,
      changes: [
        { changeid: 6, comments: null, author: 'bob', branch: null, revision: null, repository: '', when_timestamp: SAMPLE_NOW - 30 },
        { changeid: 7, comments: hostile, author: 'carol', branch: 'dev', revision: 'abc', repository: 'r', when_timestamp: SAMPLE_NOW - 90000 },
      ],
    },
  ],
  'list-workers': [
    { workers: [] },
    {
      workers: [
        { name: 'w1', connected: true, configured: true, paused: false, graceful: false },
        { name: 'w2', connected: true, configured: true, paused: true, graceful: false },
        { name: 'w3', connected: false, configured: true, paused: false, graceful: false },
        { name: 'w4', connected: false, configured: false, paused: false, graceful: false },
        { name: 'w5', connected: true, configured: true, paused: true, graceful: true },
      ],
    },
  ],
  'log-tail': [
    { builder: 'fast-fail', number: 4, url: url(4), step: 'shell', stepResult: 2, lines: ['make: *** [all] Error 1', hostile], rawUrl: 'http://127.0.0.1:8010/api/v2/logs/40/raw' },
    { builder: 'fast-fail', number: 4, url: url(4), step: 'shell', stepResult: 2, lines: [], rawUrl: null },
  ],
  'master-heading': [{ master: 'prod' }],
  'notifications-dropped': [
    { count: 1, maxAgeMinutes: 60 },
    { count: 3, maxAgeMinutes: 5 },
  ],
  'notify-list': [
    { prefix: '!', subscriptions: [] },
    {
      prefix: '',
      subscriptions: [
        subscription('failed'),
        subscription('started', { builders: ['a', 'b'], tags: ['fast'] }),
        subscription('finished', { masters: ['prod'], branches: ['main', 'dev'] }),
      ],
    },
  ],
  'notify-toggles': [
    { prefix: '/', subscriptions: [] },
    { prefix: '/', subscriptions: [subscription('failed', { builders: ['x'] }), subscription('problem')] },
  ],
  'pending-requests': [
    { requests: [], total: 0, pattern: null, webUrl: null, prefix: '' },
    { requests: [], total: 0, pattern: '^q', webUrl: null, prefix: '' },
    {
      requests: [
        { id: 7, builder: 'queued', age: 125, reason: "A build was forced by 'alice': nightly" },
        { id: 8, builder: 'queued', age: 5, reason: '' },
      ],
      total: 14,
      pattern: null,
      webUrl: 'http://127.0.0.1:8010/',
      prefix: '!',
    },
  ],
  'running-builds': [
    { builds: [], total: 0, pattern: null, webUrl: null, prefix: '' },
    { builds: [], total: 0, pattern: 'slow', webUrl: null, prefix: '' },
    {
      builds: [
        { builder: 'slow', number: 4, url: url(4), step: 'compile', elapsed: 65, by: 'alice' },
        { builder: 'fast-pass', number: 12, url: url(12), step: null, elapsed: 3, by: '' },
      ],
      total: 13,
      pattern: null,
      webUrl: 'http://127.0.0.1:8010/',
      prefix: '/',
    },
  ],
  'running-choose': [
    {
      question: 'Which builder do you want to stop?',
      builders: [
        { name: 'fast-pass', numbers: [12, 13] },
        { name: 'prod/slow', numbers: [2] },
      ],
    },
  ],
  'running-none': [{}],
  'shutdown-check': [
    { master: null, masters: [] },
    {
      master: 'prod',
      masters: [
        { name: 'host1:/srv/master', active: true, last_active: SAMPLE_NOW - 20 },
        { name: 'host2:/srv/master', active: false, last_active: null },
      ],
    },
  ],
  'shutdown-unsupported': [{ verb: 'start' }, { verb: 'stop' }, { verb: 'now' }],
  source: [
    { name: 'buildbot-chat', version: '0.1.0', sourceUrl: 'https://example.org/buildbot-chat' },
    { name: 'buildbot-chat', version: '0.1.0', sourceUrl: null },
  ],
  'stats-builder': [
    { builder: 'fast-pass', count: 0, passed: 0, passRate: 0, median: null, p90: null, longestFailureStreak: 0, sparkline: '' },
    { builder: 'fast-pass', count: 6, passed: 4, passRate: 67, median: 5, p90: 12, longestFailureStreak: 2, sparkline: '▁▃××▅█' },
  ],
  'stats-ranking': [
    { builders: [], more: 0 },
    {
      builders: [
        { builder: 'fast-fail', failed: 4, total: 4 },
        { builder: hostile, failed: 1, total: 9 },
      ],
      more: 3,
    },
  ],
  'status-builders': [
    { builders: [] },
    {
      builders: [
        builderView('fast-pass', { running: [{ ...runningBuild, step: 'compile' }, { ...runningBuild, number: 13, step: null }] }),
        builderView('slow', { online: false }),
        builderView('idle'),
        builderView('new', { last: null }),
      ],
    },
  ],
  'status-none': [
    { total: 0, prefix: '!' },
    { total: 4, prefix: '/' },
  ],
  'status-summary': [
    { builders: manyBuilders, webUrl: 'http://127.0.0.1:8010/', prefix: '!' },
    { builders: manyBuilders.slice(17, 23).concat(Array.from({ length: 10 }, (_, i) => builderView(`idle-${i + 1}`))), webUrl: 'http://127.0.0.1:8010/', prefix: '' },
    { builders: manyBuilders.slice(0, 13), webUrl: 'http://127.0.0.1:8010/', prefix: '' },
  ],
  'stop-ended': [
    { builder: 'slow', number: 4, url: url(4), result: null, waited: 20 },
    { builder: 'slow', number: 4, url: url(4), result: 6, waited: 20 },
  ],
  'stop-nothing': [{ builder: 'slow' }],
  'stop-requested': [
    { builder: 'slow', builds: [{ number: 4, url: url(4) }] },
    { builder: 'slow', builds: [{ number: 4, url: url(4) }, { number: 5, url: url(5) }] },
  ],
  'unknown-command': [
    { name: 'frob', prefix: '!', commands: ['help', 'status'] },
    { name: hostile, prefix: '', commands: [] },
  ],
  usage: [
    { prefix: '!', usage: 'status [BUILDER|all]' },
    { prefix: '', usage: 'force build BUILDER', problem: 'No closing quotation.' },
    { prefix: '', usage: 'force build BUILDER', problem: '' },
  ],
  version: [
    { bot: { name: 'buildbot-chat', version: '0.1.0' }, buildbot: '4.2.1', url: 'http://127.0.0.1:8010/', title: 'Pyflakes', master: null },
    { bot: { name: 'buildbot-chat', version: '0.1.0' }, buildbot: 'an unknown version', url: 'http://127.0.0.1:8010/', title: '', master: 'prod' },
  ],
  'watch-finished': [
    { builder: 'slow', number: 4, url: url(4), result: null },
    { builder: 'slow', number: 4, url: url(4), result: 0 },
  ],
  'watch-nothing': [{ builder: 'slow' }],
  'watch-started': [
    { builder: 'slow', builds: [{ number: 4, url: url(4) }] },
    { builder: 'slow', builds: [{ number: 4, url: url(4) }, { number: 5, url: url(5) }] },
  ],
  'worker-back': [{ worker: 'w1', master: null }, { worker: 'w1', master: 'prod' }],
  'worker-control': [
    { worker: 'w1', pause: true, already: true, confirmed: true },
    { worker: 'w1', pause: false, already: true, confirmed: true },
    { worker: 'w1', pause: true, already: false, confirmed: false },
    { worker: 'w1', pause: false, already: false, confirmed: false },
    { worker: 'w1', pause: true, already: false, confirmed: true },
    { worker: 'w1', pause: false, already: false, confirmed: true },
  ],
  'worker-missing': [
    { worker: 'w1', lastConnection: '2026-01-01 10:00', master: null },
    { worker: 'w1', lastConnection: null, master: 'prod' },
  ],
  'worker-paused': [
    { worker: 'w1', paused: true, master: null },
    { worker: 'w1', paused: false, master: 'prod' },
  ],
};

/** Every sample as a reply, named "TEMPLATE #N". */
export function sampleReplies(): { name: string; reply: TemplateReply }[] {
  return Object.entries(replySamples)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([template, samples]) =>
      // Object.entries forgets that each key goes with its own data type; the map above checked it.
      (samples ?? []).map((data, i) => ({ name: `${template} #${i}`, reply: { template, data } as TemplateReply })),
    );
}

/** Freeze the clock at SAMPLE_NOW for the describe block this is called in ("5 minutes ago"). */
export function useSampleClock(): void {
  beforeAll(() => {
    vi.useFakeTimers({ now: SAMPLE_NOW * 1000, toFake: ['Date'] });
  });
  afterAll(() => {
    vi.useRealTimers();
  });
}

/** The names of data/templates/*.eta, sorted. */
export function templateFileNames(): string[] {
  return readdirSync(builtInTemplatesDir())
    .filter((f) => f.endsWith('.eta'))
    .map((f) => f.replace(/\.eta$/, ''))
    .sort();
}

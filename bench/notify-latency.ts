/**
 * Notification latency (issue 7), ours against Buildbot's own IRC bot: the real test master
 * with reporters.IRC in #ci, our bot in the same channel subscribed to the same events as
 * Buildbot's (`started` and `finished`: each bot also sends a line at each build's start), a
 * listening client there, on a master with 200 extra builders. Each of 100 forced builds of
 * fast-pass is timed from the master's `finished` event, as a separate WebSocket listener sees
 * it, to each bot's line reaching the listener; the figures are given for all 100 and for each
 * block of 20 (the measurement was 5 runs of 20 builds).
 * Buildbot's bot runs inside the master and can beat the WebSocket frame: its times may be 0
 * or slightly negative.
 */
import { forceBuild } from '../test/e2e/support/buildbot-rest.js';
import { measured, type Benchmark } from './support/benchmark.js';
import { BuildEventListener } from './support/build-event-listener.js';
import { arrival, channelText, OUR_NICK, startIrcStage, THEIR_NICK } from './support/irc-stage.js';
import { p50p95, ratio, round1 } from './support/stats.js';

const BUILDS = 100;
const BLOCK = 20;
const EXTRA_BUILDERS = 200;
const BUILDER = 'fast-pass';
const LINE_TIMEOUT_MS = 60_000;

export interface NotifyLatencyResult {
  builds: number;
  extraBuilders: number;
  /** p50 and p95 of each block of BLOCK builds, in order: ours and Buildbot's. */
  blocks: { ours: { p50: number; p95: number }; buildbot: { p50: number; p95: number } }[];
  oursMinMs: number;
  oursP50Ms: number;
  oursP95Ms: number;
  buildbotMinMs: number;
  buildbotP50Ms: number;
  buildbotP95Ms: number;
  /** ours / Buildbot's, at the median (no floor: a median of 0 gives Infinity) */
  ratio: number;
}

async function measure(): Promise<NotifyLatencyResult> {
  const stage = await startIrcStage({ extraBuilders: EXTRA_BUILDERS, irc: { notifyEvents: ['started', 'finished'] } });
  const events = await BuildEventListener.connect(stage.master.url);
  try {
    const ours: number[] = [];
    const theirs: number[] = [];
    // one build more than measured: the first warms up both bots' caches and connections
    for (let i = 0; i <= BUILDS; i++) {
      const since = stage.listener.lines.length;
      const brid = await forceBuild(stage.master.url, BUILDER, { reason: 'latency benchmark' });
      const { number } = await events.waitFor(brid, 'new');
      // ours: "Build #3 of fast-pass succeeded ..."; Buildbot's: "Build [#3](http://...) of `fast-pass` completed successfully."
      const oursLine = new RegExp(`^Build #${number} of ${BUILDER} (?!started)`);
      const theirLine = new RegExp(`^Build \\[#${number}\\]\\([^)]*\\) of \`${BUILDER}\` (?!started)`);
      const [finished, ourAt, theirAt] = await Promise.all([
        events.waitFor(brid, 'finished'),
        arrival(stage.listener, (l) => oursLine.test(channelText(l, OUR_NICK) ?? ''), since, LINE_TIMEOUT_MS, `${OUR_NICK}'s line for build #${number}`),
        arrival(stage.listener, (l) => theirLine.test(channelText(l, THEIR_NICK) ?? ''), since, LINE_TIMEOUT_MS, `${THEIR_NICK}'s line for build #${number}`),
      ]);
      const finishedAt = finished.finishedAt ?? Number.NaN;
      if (i === 0) continue;
      ours.push(ourAt - finishedAt);
      theirs.push(theirAt - finishedAt);
    }
    const o = p50p95(ours);
    const t = p50p95(theirs);
    const blocks = [];
    for (let i = 0; i < BUILDS; i += BLOCK) blocks.push({ ours: p50p95(ours.slice(i, i + BLOCK)), buildbot: p50p95(theirs.slice(i, i + BLOCK)) });
    return {
      builds: BUILDS,
      extraBuilders: EXTRA_BUILDERS,
      blocks,
      oursMinMs: round1(Math.min(...ours)),
      oursP50Ms: o.p50,
      oursP95Ms: o.p95,
      buildbotMinMs: round1(Math.min(...theirs)),
      buildbotP50Ms: t.p50,
      buildbotP95Ms: t.p95,
      ratio: ratio(o.p50, t.p50),
    };
  } finally {
    events.close();
    await stage.stop();
  }
}

export const notifyLatency: Benchmark = {
  key: 'notifyLatency',
  title: `notification latency on IRC, ours vs Buildbot's reporters.IRC: ${BUILDS} builds of ${BUILDER} (real master with ${EXTRA_BUILDERS} extra builders, ngircd)`,
  run: async () =>
    measured(await measure(), (r) => [
      ['notify latency', `ours min / p50 / p95 (${r.builds} builds)`, `${r.oursMinMs} / ${r.oursP50Ms} / ${r.oursP95Ms} ms`],
      ['notify latency', 'Buildbot min / p50 / p95', `${r.buildbotMinMs} / ${r.buildbotP50Ms} / ${r.buildbotP95Ms} ms`],
      ['notify latency', 'ratio ours / Buildbot (p50)', `${r.ratio}`],
      ...r.blocks.map((b, i): [string, string, string] => [
        'notify latency',
        `builds ${i * BLOCK + 1}-${(i + 1) * BLOCK}: p50 / p95 ours, Buildbot's`,
        `${b.ours.p50} / ${b.ours.p95} ms, ${b.buildbot.p50} / ${b.buildbot.p95} ms`,
      ]),
    ]),
};

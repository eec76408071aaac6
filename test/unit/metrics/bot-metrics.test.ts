import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { endpointOf, observeTransport } from '../../../src/buildbot/observe-transport.js';
import { EventStream } from '../../../src/buildbot/event-stream.js';
import type { Build } from '../../../src/buildbot/schemas.js';
import { BotMetrics } from '../../../src/metrics/bot-metrics.js';
import { eventLagSeconds, observeEventStream } from '../../../src/metrics/observe-event-stream.js';

async function scrape(metrics: BotMetrics): Promise<string[]> {
  return (await metrics.render()).body.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

const build = (fields: Partial<Build>): Build => ({ started_at: 1_000, complete_at: null, ...fields }) as Build;

describe('metrics', () => {
  it('counts commands by name, outcome and adapter, and denials apart', async () => {
    const metrics = new BotMetrics();
    metrics.countCommand('status', 'ok', 'irc');
    metrics.countCommand('status', 'ok', 'irc');
    metrics.countCommand('force', 'denied', 'telegram');
    expect(await scrape(metrics)).toEqual(
      expect.arrayContaining([
        'buildbot_chat_commands_total{command="status",outcome="ok",adapter="irc"} 2',
        'buildbot_chat_commands_total{command="force",outcome="denied",adapter="telegram"} 1',
        'buildbot_chat_command_denials_total{command="force",adapter="telegram"} 1',
      ]),
    );
  });

  it('counts every unknown command as one label, whatever was typed', async () => {
    const metrics = new BotMetrics();
    metrics.countCommand('frobnicate', 'unknown', 'irc');
    metrics.countCommand('asdf', 'unknown', 'irc');
    const lines = await scrape(metrics);
    expect(lines).toContain('buildbot_chat_commands_total{command="(unknown)",outcome="unknown",adapter="irc"} 2');
    expect(lines.join('\n')).not.toMatch(/frobnicate|asdf/);
  });

  it('counts notifications sent, failed and retried by adapter, and reads the backlog at each scrape', async () => {
    const metrics = new BotMetrics();
    let pending: Record<string, number> = { irc: 3 };
    metrics.observeBacklog(() => pending);
    metrics.countDelivery('irc', 'sent');
    metrics.countDelivery('telegram', 'failed');
    metrics.countDelivery('irc', 'retry');
    expect(await scrape(metrics)).toEqual(
      expect.arrayContaining([
        'buildbot_chat_notifications_sent_total{adapter="irc"} 1',
        'buildbot_chat_notifications_failed_total{adapter="telegram"} 1',
        'buildbot_chat_notification_retries_total{adapter="irc"} 1',
        'buildbot_chat_notifications_pending{adapter="irc"} 3',
      ]),
    );
    pending = { telegram: 1 };
    const lines = await scrape(metrics);
    expect(lines).toContain('buildbot_chat_notifications_pending{adapter="telegram"} 1');
    expect(lines.filter((line) => line.startsWith('buildbot_chat_notifications_pending{adapter="irc"'))).toEqual([]);
  });

  it('follows the event stream: connected, polling, reconnects and the lag of build events, by master', async () => {
    const metrics = new BotMetrics();
    // never started: the test plays its events
    const events = new EventStream({ url: 'http://127.0.0.1:8010/', logger: pino({ level: 'silent' }) });
    observeEventStream(events, 'default', metrics, () => 1_002_500);
    events.emit('connected');
    events.emit('disconnected', 'closed');
    events.emit('mode', 'polling');
    events.emit('connected');
    events.emit('event', { kind: 'build-finished', build: build({ complete_at: 1_000 }) });
    const lines = await scrape(metrics);
    expect(lines).toEqual(
      expect.arrayContaining([
        'buildbot_chat_event_stream_reconnects_total{master="default"} 1',
        'buildbot_chat_event_stream_connected{master="default"} 1',
        'buildbot_chat_event_stream_polling{master="default"} 1',
        'buildbot_chat_event_lag_seconds_count{master="default",event="build-finished"} 1',
        'buildbot_chat_event_lag_seconds_sum{master="default",event="build-finished"} 2.5',
      ]),
    );
  });

  it("measures an event's lag from the master's own time for it", () => {
    expect(eventLagSeconds({ kind: 'build-new', build: build({ started_at: 100 }) }, 103_000)).toBe(3);
    expect(eventLagSeconds({ kind: 'build-finished', build: build({ complete_at: 200 }) }, 199_000)).toBe(0);
    expect(eventLagSeconds({ kind: 'worker-missing', worker: { workerid: 1, name: 'w', lastConnection: null } }, 0)).toBeNull();
  });

  it('times requests to each master by method, endpoint and status', async () => {
    const metrics = new BotMetrics();
    const transport = observeTransport(
      async ({ url }) => {
        if (url.includes('down')) throw new Error('ECONNREFUSED');
        return { status: 200, headers: {}, text: '{}' };
      },
      'http://m:8010/',
      metrics.observeMasterRequests('default'),
    );
    await transport({ method: 'GET', url: 'http://m:8010/api/v2/builds/7/steps', headers: {} });
    await expect(transport({ method: 'GET', url: 'http://m:8010/api/v2/down', headers: {} })).rejects.toThrow('ECONNREFUSED');
    const lines = await scrape(metrics);
    expect(lines).toContain('buildbot_chat_master_request_duration_seconds_count{master="default",method="GET",endpoint="builds",status="200"} 1');
    expect(lines).toContain('buildbot_chat_master_request_duration_seconds_count{master="default",method="GET",endpoint="down",status="error"} 1');
  });

  it('names the endpoint after the collection, never after ids or names in the path', () => {
    const base = 'http://m:8010/buildbot/';
    expect(endpointOf(`${base}api/v2/builders?name=fast-pass`, base)).toBe('builders');
    expect(endpointOf(`${base}api/v2/forceschedulers/force-fast`, base)).toBe('forceschedulers');
    expect(endpointOf(`${base}config`, base)).toBe('config');
    expect(endpointOf(`${base}auth/login`, base)).toBe('auth');
  });
});

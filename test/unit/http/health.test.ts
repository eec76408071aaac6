import { describe, expect, it } from 'vitest';
import { cachedMasterProbe } from '../../../src/buildbot/master-probe.js';
import { checkHealth, type HealthSources, type MasterHealthSource } from '../../../src/http/health.js';

function master(overrides: Partial<MasterHealthSource> = {}): MasterHealthSource {
  return {
    name: 'default',
    url: () => 'http://m/',
    probe: async () => ({ ok: true, checkedAt: Date.UTC(2026, 0, 1) }),
    events: { isConnected: () => true, mode: 'websocket' },
    ...overrides,
  };
}

function sources(overrides: Partial<HealthSources> = {}): HealthSources {
  return {
    masters: [master()],
    adapters: [
      { name: 'irc', isConnected: () => true },
      { name: 'console', isConnected: () => true },
    ],
    pendingByAdapter: () => ({ irc: 2 }),
    ...overrides,
  };
}

describe('health report', () => {
  it('is ok with every part up, and shows each part and the backlog', async () => {
    const masterReport = { ok: true, checkedAt: '2026-01-01T00:00:00.000Z', url: 'http://m/' };
    const events = { ok: true, connected: true, mode: 'websocket' };
    expect(await checkHealth(sources())).toEqual({
      status: 'ok',
      down: [],
      master: masterReport,
      events,
      masters: { default: { ...masterReport, events } },
      adapters: { irc: { ok: true, connected: true }, console: { ok: true, connected: true } },
      database: { ok: true },
      outbox: { pending: 2, pendingByAdapter: { irc: 2 } },
    });
  });

  it('is down naming the database once it was found damaged, even when the outbox cannot be counted', async () => {
    const report = await checkHealth(
      sources({
        database: () => ({ ok: false, error: 'database disk image is malformed' }),
        pendingByAdapter: () => {
          throw new Error('database disk image is malformed');
        },
      }),
    );
    expect(report).toMatchObject({ status: 'down', down: ['database'], database: { ok: false, error: 'database disk image is malformed' } });
    expect(report.outbox.pending).toBe(0);
  });

  it('is down naming the master, with its error, when the master does not answer', async () => {
    const report = await checkHealth(
      sources({
        masters: [
          master({
            probe: async () => ({ ok: false, checkedAt: 0, error: 'the Buildbot master at http://m/ is not answering' }),
            events: { isConnected: () => false, mode: 'websocket' },
          }),
        ],
      }),
    );
    expect(report.status).toBe('down');
    expect(report.down).toEqual(['master', 'events']);
    expect(report.master?.error).toBe('the Buildbot master at http://m/ is not answering');
  });

  it('with several masters, names the one that is down and reports each by name', async () => {
    const report = await checkHealth(
      sources({
        masters: [
          master({ name: 'main' }),
          master({
            name: 'release',
            url: () => 'http://r/',
            probe: async () => ({ ok: false, checkedAt: 0, error: 'the Buildbot master at http://r/ is not answering' }),
            events: { isConnected: () => false, mode: 'websocket' },
          }),
        ],
      }),
    );
    expect(report.status).toBe('down');
    expect(report.down).toEqual(['masters.release', 'masters.release.events']);
    expect(report.master).toBeUndefined();
    expect(report.masters.main).toMatchObject({ ok: true, url: 'http://m/', events: { ok: true } });
    expect(report.masters.release).toMatchObject({ ok: false, url: 'http://r/', error: 'the Buildbot master at http://r/ is not answering', events: { ok: false } });
  });

  it('is down naming a disconnected adapter', async () => {
    const report = await checkHealth(sources({ adapters: [{ name: 'irc', isConnected: () => false }] }));
    expect(report.down).toEqual(['adapters.irc']);
  });

  it('counts polling mode as working: slower, but notifications still arrive', async () => {
    const report = await checkHealth(sources({ masters: [master({ events: { isConnected: () => false, mode: 'polling' } })] }));
    expect(report.status).toBe('ok');
    expect(report.events).toEqual({ ok: true, connected: false, mode: 'polling' });
  });
});

describe('master probe', () => {
  it('reuses an answer for a while and shares one request between checks arriving together', async () => {
    let now = 0;
    let reads = 0;
    const probe = cachedMasterProbe({ read: async () => void reads++, ttlMs: 5_000, now: () => now });
    const [a, b] = await Promise.all([probe(), probe()]);
    expect(a).toEqual({ ok: true, checkedAt: 0 });
    expect(b).toBe(a);
    now = 4_999;
    await probe();
    expect(reads).toBe(1);
    now = 5_000;
    await probe();
    expect(reads).toBe(2);
  });

  it("reports the read's error as the reason", async () => {
    const probe = cachedMasterProbe({ read: () => Promise.reject(new Error('the Buildbot master at http://m/ is not answering')) });
    expect(await probe()).toMatchObject({ ok: false, error: 'the Buildbot master at http://m/ is not answering' });
  });
});

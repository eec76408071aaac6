/**
 * Why the IRC adapter could not connect is in the log line that says when it tries again:
 * a refused connection, a certificate that does not verify, a refused SASL login. Before, the
 * line named only the delay, and the operator had to guess.
 */
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { IrcAdapter } from '../../src/adapters/irc/irc-adapter.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { IrcConfig } from '../../src/adapters/irc/irc-config.js';
import { openDatabase } from '../../src/store/open-database.js';
import { closedPort } from '../support/closed-port.js';
import { tempDatabasePath } from '../unit/store/temp-database.js';
import { FakeIrcd } from './support/fake-ircd.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface LogLine {
  msg: string;
  reason?: string;
  retryInMs?: number;
}

async function startLoggedAdapter(irc: Record<string, unknown>): Promise<LogLine[]> {
  const logs: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const config = parseConfig(
    stringify({ buildbot: { url: 'http://127.0.0.1:1/' }, irc: { nick: 'bbot', channels: ['#ci'], failedDelay: [30, 30], ...irc } }),
    { SASL_PASSWORD: 's3cret' },
  );
  const [section] = config.platforms.get('irc') ?? [];
  if (!section) throw new Error('no irc section');
  const { path, cleanup } = tempDatabasePath();
  const db = openDatabase(path);
  const adapter = new IrcAdapter({ config: section as IrcConfig, core: { handle: async () => undefined }, logger, db });
  cleanups.push(cleanup, () => void db.close(), () => adapter.stop());
  await adapter.start();
  return logs;
}

async function retryLine(logs: LogLine[]): Promise<LogLine> {
  return vi.waitFor(
    () => {
      const line = logs.find((l) => l.msg === 'could not connect to the IRC server');
      if (!line) throw new Error('no retry line yet');
      return line;
    },
    { timeout: 30_000, interval: 20 },
  );
}

describe('IRC connection failures', () => {
  it('name a refused connection', async () => {
    const logs = await startLoggedAdapter({ host: '127.0.0.1', port: await closedPort() });
    const line = await retryLine(logs);
    expect(line.reason).toMatch(/^connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    expect(line.retryInMs).toBe(30_000);
  });

  it('name a certificate that does not verify', async () => {
    const ircd = await FakeIrcd.start({
      tls: {
        key: readFileSync(new URL('../fixtures/tls/self-signed.key', import.meta.url), 'utf8'),
        cert: readFileSync(new URL('../fixtures/tls/self-signed.crt', import.meta.url), 'utf8'),
      },
    });
    cleanups.push(() => ircd.close());
    const line = await retryLine(await startLoggedAdapter({ host: '127.0.0.1', port: ircd.port, tls: true }));
    expect(line.reason).toMatch(/self[- ]signed certificate/i);
  });

  it("name a refused SASL login with the server's words", async () => {
    const ircd = await FakeIrcd.start({ caps: ['sasl'], refuseSasl: () => true });
    cleanups.push(() => ircd.close());
    const line = await retryLine(await startLoggedAdapter({ host: '127.0.0.1', port: ircd.port, sasl: { account: 'ci', password: '${SASL_PASSWORD}' } }));
    expect(line.reason).toMatch(/^SASL login refused \(fail/);
  });
});

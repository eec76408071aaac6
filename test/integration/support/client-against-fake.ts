/** A REST client talking to a fresh fake master, with its log lines kept for assertions. */
import { Agent } from 'undici';
import { afterEach } from 'vitest';
import type { BuildbotClient } from '../../../src/buildbot/client.js';
import { createBuildbotClient, type BuildbotClientOptions, type ClientLogger } from '../../../src/buildbot/rest-client.js';
import { startFakeMaster, type FakeMaster, type FakeMasterOptions } from '../../fakes/fake-master.js';

export interface LogLine {
  level: string;
  obj: object;
  msg: string;
}

export interface Harness {
  fake: FakeMaster;
  client: BuildbotClient;
  logs: LogLine[];
  /** Requests the fake received with this method and path. */
  calls(method: string, path: string): number;
  close(): Promise<void>;
}

export async function clientAgainstFake(
  fakeOptions: FakeMasterOptions = {},
  clientOptions: Partial<BuildbotClientOptions> = {},
): Promise<Harness> {
  const fake = await startFakeMaster(fakeOptions);
  const agent = new Agent({ keepAliveTimeout: 1_000 });
  const logs: LogLine[] = [];
  const line = (level: string) => (obj: object, msg: string) => void logs.push({ level, obj, msg });
  const logger: ClientLogger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
  const client = createBuildbotClient({ url: fake.url, dispatcher: agent, logger, retry: { baseDelayMs: 2 }, timeoutMs: 5_000, ...clientOptions });
  return {
    fake,
    client,
    logs,
    calls: (method, path) => fake.requests.filter((r) => r.method === method && r.path === path).length,
    async close() {
      await agent.destroy();
      await fake.close();
    },
  };
}

/** For a test file: a `start` that gives a fresh harness, each closed after its test. */
export function harnessPerTest(): (fakeOptions?: FakeMasterOptions, clientOptions?: Partial<BuildbotClientOptions>) => Promise<Harness> {
  const open: Harness[] = [];
  afterEach(async () => {
    for (const harness of open.splice(0)) await harness.close();
  });
  return async (fakeOptions, clientOptions) => {
    const harness = await clientAgainstFake(fakeOptions, clientOptions);
    open.push(harness);
    return harness;
  };
}

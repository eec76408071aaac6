import { inspect } from 'node:util';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MasterResponseError, MasterUnavailableError } from '../../../src/buildbot/errors.js';
import { createBuildbotClient } from '../../../src/buildbot/rest-client.js';

const ORIGIN = 'http://127.0.0.1:8010';
let agent: MockAgent;

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
});
afterEach(async () => {
  await agent.close();
});

describe('answers the client cannot use', () => {
  it('reports an answer that does not match the schema, naming the field, without retrying', async () => {
    agent.get(ORIGIN).intercept({ path: '/api/v2/builders', method: 'GET' }).reply(200, { builders: [{ builderid: 'one', name: 'x' }], meta: {} });
    const client = createBuildbotClient({ url: `${ORIGIN}/`, dispatcher: agent, retry: { baseDelayMs: 1 } });
    const error = await client.listBuilders().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MasterResponseError);
    expect((error as Error).message).toMatch(/^the Buildbot master answered 200 to GET \/api\/v2\/builders: unexpected answer: builders\.0\.builderid/);
    agent.assertNoPendingInterceptors();
  });

  it('reports a body that is not JSON', async () => {
    agent.get(ORIGIN).intercept({ path: '/api/v2/masters', method: 'GET' }).reply(200, '<html>proxy login</html>');
    const client = createBuildbotClient({ url: `${ORIGIN}/`, dispatcher: agent });
    await expect(client.listMasters()).rejects.toThrow('the answer is not JSON: <html>proxy login</html>');
  });

  it("gives Buildbot's own error text for a 400", async () => {
    agent.get(ORIGIN).intercept({ path: '/api/v2/builds?order=colour', method: 'GET' }).reply(400, '{"error": "no such field \'colour\'"}');
    const client = createBuildbotClient({ url: `${ORIGIN}/`, dispatcher: agent });
    await expect(client.listBuilds({ order: 'colour' })).rejects.toThrow("answered 400 to GET /api/v2/builds?order=colour: no such field 'colour'");
  });

  it('takes credentials out of a URL that carries them, and never shows them', async () => {
    // nothing intercepted: the request fails as if the master were unreachable
    const client = createBuildbotClient({ url: `http://bot:s3cret-pw@127.0.0.1:8010`, dispatcher: agent, retry: { attempts: 1 } });
    expect(client.baseUrl).toBe(`${ORIGIN}/`);
    const error = await client.listMasters().catch((e: unknown) => e);
    expect(String(error)).toBe(`MasterUnavailableError: the Buildbot master at ${ORIGIN}/ is not answering`);
    expect(inspect(error, { depth: 10 })).not.toContain('s3cret-pw');
  });
});

describe('a request too big for the master', () => {
  it('is neither retried nor called an outage when the master closes the connection on it', async () => {
    let tries = 0;
    agent
      .get(ORIGIN)
      .intercept({ path: (path: string) => path.length > 16_384, method: 'GET' })
      .replyWithError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }))
      .persist();
    const warnings: string[] = [];
    const logger = { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (_o: object, msg: string) => void warnings.push(msg) };
    const client = createBuildbotClient({
      url: `${ORIGIN}/`,
      dispatcher: agent,
      retry: { baseDelayMs: 1 },
      logger,
      onRequest: () => void tries++,
    });
    const error = await client.listBuilds({ builderid: 1, order: 'x'.repeat(20_000) }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(MasterUnavailableError);
    expect(String(error)).toMatch(/the Buildbot master closed the connection on a request of 2\d,\d{3} bytes/);
    expect(warnings).toEqual([]);
    expect(tries).toBe(1);
  });
});

/**
 * The real command line, as an operator pipes a script into it
 * (`printf 'status all\n' | npm start --silent -- --config X --console`), against the real
 * master of the e2e setup: replies alone on stdout, logs alone on stderr, exit 0 once stdin is
 * done; a bad config exits 78 naming the field; a master that is down is one reply line.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { builderSchema } from '../../src/buildbot/schemas.js';
import { closedPort } from '../support/closed-port.js';
import { getList } from './support/buildbot-rest.js';
import { runCli, type CliRun } from './support/run-cli.js';

const url = inject('buildbotUrl');
let dir: string;

async function writeConfig(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

function stderrLines(run: CliRun): string[] {
  return run.stderr.split('\n').filter((line) => line !== '');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'buildbot-chat-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('buildbot-chat --console', () => {
  it('prints only the replies on stdout, logs on stderr, and exits 0 when stdin closes', async () => {
    const config = await writeConfig(
      'ok.yaml',
      `buildbot:\n  url: ${url}\ndatabase: ${join(dir, 'ok.sqlite')}\nconsole:\n  user: operator\n  authz: { "": true, "!": [operator] }\n`,
    );
    const run = await runCli(['--config', config, '--console'], 'status all\nversion\n');
    expect(run.code).toBe(0);
    const builders = await getList(url, 'builders', 'builders', builderSchema);
    const lines = run.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(builders.length + 1);
    expect(lines.slice(0, -1).map((line) => line.split(':')[0]).sort()).toEqual(builders.map((b) => b.name).sort());
    expect(lines).toContain('queued: offline; never built');
    expect(lines.at(-1)).toMatch(new RegExp(`^This is buildbot-chat \\S+, talking to Buildbot \\S+ at buildbot-chat test master  ${url.replace(/\./g, '\\.')}$`));
    const logs = stderrLines(run).map((line) => JSON.parse(line) as { level?: unknown; msg?: unknown });
    expect(logs.length).toBeGreaterThan(0);
    for (const log of logs) expect(log).toEqual(expect.objectContaining({ level: expect.any(Number), msg: expect.any(String) }));
  });

  it('exits 78 on a bad config, naming the field and printing nothing on stdout', async () => {
    const config = await writeConfig('bad.yaml', `buildbot:\n  url: not-a-url\n  colour: red\nconsole:\n  user: operator\n`);
    const run = await runCli(['--config', config, '--console'], 'status all\n');
    expect(run.code).toBe(78);
    expect(run.stdout).toBe('');
    expect(stderrLines(run)).toEqual([
      `${config}: invalid configuration (2 problems)`,
      '  buildbot.url: expected a URL like http://host:8010/',
      '  buildbot.colour: unknown key; expected one of url, user, password, timeoutMs, failoverAfterSeconds, tags, authz',
    ]);
  });

  it('refuses to start, in one line and without a stack trace, when the master is down', async () => {
    const down = `http://127.0.0.1:${await closedPort()}/`;
    const config = await writeConfig('down.yaml', `buildbot:\n  url: ${down}\ndatabase: ${join(dir, 'down.sqlite')}\n`);
    const run = await runCli(['--config', config, '--console'], 'status all\n');
    expect(run.code).toBe(69); // EX_UNAVAILABLE
    expect(run.stdout).toBe('');
    const [failure, ...rest] = stderrLines(run).filter((line) => !line.startsWith('{'));
    expect(failure).toMatch(new RegExp(`^buildbot-chat: cannot start: the Buildbot master at ${down.replace(/\./g, '\\.')} is not answering\\b`));
    expect(rest).toEqual([]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});

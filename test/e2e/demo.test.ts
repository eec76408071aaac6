/**
 * `npm run demo`, driven as a newcomer would: it starts a real master, worker and IRC server,
 * answers at the console and on IRC, and on Ctrl-C (SIGINT) stops all it started and removes
 * its folder, exiting 0.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRunning } from '../support/is-running.js';
import { RawIrcClient } from '../support/raw-irc-client.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

/** The demo as a child process, with what it printed and a way to wait for more. */
function startDemo() {
  // What `npm run demo` runs, started without npm in between so the test signals the demo itself
  // (demo.sh installs dependencies when they are missing, then execs node in its own place).
  const child = spawn('bash', ['scripts/demo.sh'], { cwd: repoRoot, env: { ...process.env, BUILDBOT_CHAT_DEMO_KEEP: '' } });
  const out = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    out.stdout += chunk.toString();
    for (const listener of listeners) listener();
  });
  child.stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  /** Resolves when stdout, from offset `from` on, shows `text`. */
  const printed = (text: string | RegExp, from = 0): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const rest = out.stdout.slice(from);
        if (typeof text === 'string' ? !rest.includes(text) : !text.test(rest)) return;
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
      check();
      void exited.then((code) => reject(new Error(`the demo exited (${code}) before printing ${String(text)}\n${out.stdout}\n${out.stderr}`)));
    });
  const say = async (line: string, answer: string): Promise<void> => {
    const from = out.stdout.length;
    child.stdin.write(`${line}\n`);
    await printed(answer, from);
  };
  return { child, out, exited, printed, say };
}

describe('npm run demo', () => {
  let demo: ReturnType<typeof startDemo>;
  beforeAll(() => {
    demo = startDemo();
  });
  const stdout = () => demo.out.stdout;

  let irc: RawIrcClient | undefined;
  afterAll(async () => {
    irc?.close();
    // Only if a test failed half-way: the demo's own exit handler then stops its servers.
    if (demo.child.exitCode === null) demo.child.kill('SIGTERM');
    await demo.exited;
  });

  let dir = '';
  let pids: number[] = [];

  it('starts a master, a worker and an IRC server with one progress line per step, then says how to join', async () => {
    expect(packageJson.scripts.demo).toBe('bash scripts/demo.sh');
    await demo.printed('stops the bot, the IRC server and the master.');
    expect(stdout()).toMatch(/demo \[1\/5\] Debian packages \(buildbot, buildbot-worker, ngircd\)… done \((already )?installed\)\n/);
    expect(stdout()).toMatch(/demo \[2\/5\] Buildbot master and worker… done \(http:\/\/127\.0\.0\.1:\d+\/\)\n/);
    expect(stdout()).toMatch(/demo \[3\/5\] IRC server \(ngircd\)… done \(127\.0\.0\.1:\d+\)\n/);
    expect(stdout()).toMatch(/irssi -c 127\.0\.0\.1 -p \d+ -n yournick, then \/join #buildbot-chat-demo/);
    dir = /files {3}(\S+) \(/.exec(stdout())?.[1] ?? '';
    pids = ['buildbot/master/twistd.pid', 'buildbot/worker/twistd.pid', 'ircd/ngircd.pid'].map((file) => Number(readFileSync(join(dir, file), 'utf8')));
    expect(pids.map(isRunning)).toEqual([true, true, true]);
  });

  it('answers commands typed at the console', async () => {
    await demo.say('status fast-pass', 'fast-pass: idle; never built');
    await demo.say('list builders', 'Builders online (8): ');
    await demo.say('force build fast-pass', 'Force fast-pass? Answer yes within 60 s.');
    await demo.say('yes', 'Force build of fast-pass requested');
    // the console subscribed to finished builds in the demo config
    await demo.printed(/Build #1 of fast-pass completed successfully/);
  });

  it('answers on IRC in the demo channel', async () => {
    const port = Number(/IRC server \(ngircd\)… done \(127\.0\.0\.1:(\d+)\)/.exec(stdout())?.[1]);
    irc = await RawIrcClient.connect('127.0.0.1', port, 'demo-visitor');
    await irc.join('#buildbot-chat-demo');
    irc.say('#buildbot-chat-demo', '!status fast-pass');
    const reply = await irc.waitFor((line) => line.command === 'PRIVMSG' && line.nick === 'buildbot-chat', 15_000, {
      description: "the bot's answer",
    });
    expect(reply.params).toEqual(['#buildbot-chat-demo', expect.stringMatching(/^demo-visitor: \x02fast-pass\x02: /)]);
  });

  it('stops everything it started on Ctrl-C, and the bot quits IRC with a message', async () => {
    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    expect(stdout()).toMatch(/demo: stopping the IRC server and the master… done\n$/);
    expect(irc?.matching((line) => line.command === 'QUIT' && line.nick === 'buildbot-chat' && (line.params[0] ?? '') !== '')).toHaveLength(1);
    expect(pids.map(isRunning)).toEqual([false, false, false]);
    expect(existsSync(dir)).toBe(false);
  });
});

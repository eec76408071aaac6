/**
 * The e2e harness itself: the real Buildbot master and ngircd that the global setup started
 * are there and behave as the other e2e tests assume.
 */
import { connect } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { builderSchema, workerSchema } from '../../src/buildbot/schemas.js';
import { FAILURE, SUCCESS } from '../../src/buildbot/results.js';
import { forceBuildAndWait, getList } from './support/buildbot-rest.js';

const url = inject('buildbotUrl');

describe('test master', () => {
  it('lists the nine test builders with their tags', async () => {
    const builders = await getList(url, 'builders', 'builders', builderSchema);
    const tagsByName = Object.fromEntries(builders.map((b) => [b.name, b.tags]));
    expect(tagsByName).toEqual({
      'fast-pass': ['fast'],
      'fast-fail': ['fast'],
      warn: ['fast'],
      broken: ['fast'],
      flaky: ['fast', 'flaky'],
      slow: ['slow'],
      mixed: ['slow'],
      queued: ['slow'],
      common: ['common'],
    });
  });

  it('has worker1 connected and ghost not', async () => {
    const workers = await getList(url, 'workers', 'workers', workerSchema);
    const connected = Object.fromEntries(workers.map((w) => [w.name, w.connected_to.length > 0]));
    expect(connected).toEqual({ worker1: true, ghost: false });
  });

  it('runs a forced fast-pass build to SUCCESS', async () => {
    const build = await forceBuildAndWait(url, 'fast-pass', { reason: 'harness check' });
    expect(build).toMatchObject({ complete: true, results: SUCCESS, state_string: 'build successful' });
  });

  it('runs a forced fast-fail build to FAILURE', async () => {
    const build = await forceBuildAndWait(url, 'fast-fail');
    expect(build).toMatchObject({ complete: true, results: FAILURE, state_string: 'failed test (failure)' });
  });
});

describe('test IRC server', () => {
  it('welcomes a raw socket client with 001 after NICK and USER', async () => {
    const nick = 'harness-check-client';
    const socket = connect(inject('ircPort'), inject('ircHost'));
    socket.setEncoding('utf8');
    try {
      const welcome = await new Promise<string>((resolve, reject) => {
        let received = '';
        const timer = setTimeout(() => reject(new Error(`no 001 within 5 s; got:\n${received}`)), 5_000);
        socket.on('error', reject);
        socket.on('data', (chunk: string) => {
          received += chunk;
          const line = received.split('\r\n').find((l) => / 001 /.test(l));
          if (line) {
            clearTimeout(timer);
            resolve(line);
          }
        });
        socket.write(`NICK ${nick}\r\nUSER harness 0 * :harness check\r\n`);
      });
      // the full 20-character nick: MaxNickLength is raised above ngircd's default 9
      expect(welcome).toMatch(new RegExp(`^:irc\\.test\\.invalid 001 ${nick} :`));
    } finally {
      socket.destroy();
    }
  });
});

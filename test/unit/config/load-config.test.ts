import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../../src/config/load-config.js';
import { sectionOf } from '../../support/config-sections.js';
import { MASTER, SOURCE, configError, problemsOf } from './config-problems.js';

describe('a valid configuration', () => {
  it('needs only the master URL and fills in every default', () => {
    const config = parseConfig('buildbot:\n  url: http://ci.example.org:8010\n', {}, SOURCE);
    expect(config).toEqual({
      masters: [{ name: 'default', urls: ['http://ci.example.org:8010/'], failoverAfterSeconds: 30, authz: {} }],
      platforms: new Map(),
      database: join(process.cwd(), 'data/buildbot-chat.sqlite'),
      notify: { maxAgeMinutes: 60, workerMissingAfterMinutes: 10, mentionEvents: ['failure', 'problem'] },
      aliases: {},
      audit: { retentionDays: 90 },
      log: { level: 'info' },
      people: [],
    });
  });

  it('normalises the master URL to its web root with a trailing slash, dropping a #/ route', () => {
    expect(parseConfig('buildbot: { url: "https://ci.example.org/buildbot#/builders" }', {}, SOURCE).masters[0]?.urls).toEqual([
      'https://ci.example.org/buildbot/',
    ]);
  });

  it('is frozen all the way down', () => {
    const config = parseConfig(`${MASTER}console:\n  authz: { force: [alice] }\n`, {}, SOURCE);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(sectionOf(config, 'console')?.authz.force)).toBe(true);
    expect(() => (sectionOf(config, 'console')?.authz.force as string[]).push('mallory')).toThrow(TypeError);
  });

  it('fills in IRC defaults, with the TLS port when tls is on', () => {
    const irc = sectionOf(parseConfig(`${MASTER}irc: { host: irc.example.org, nick: ci-bot, tls: true }`, {}, SOURCE), 'irc');
    expect(irc).toEqual({
      host: 'irc.example.org',
      port: 6697,
      tls: true,
      nick: 'ci-bot',
      channels: [],
      pmToNicks: [],
      notifyEvents: [],
      logTailLines: 0,
      noticeOnChannel: false,
      useColors: true,
      lostDelay: [1, 5],
      failedDelay: [45, 60],
      authz: {},
      confirm: [],
      useRevisions: false,
      showBlameList: false,
      floodLinesPerSecond: 1,
      floodBurst: 5,
    });
    expect(sectionOf(parseConfig(`${MASTER}irc: { host: irc.example.org, nick: ci-bot }`, {}, SOURCE), 'irc')?.port).toBe(6667);
  });

  it('turns channel names into {channel} entries and a single delay into a range', () => {
    const irc = sectionOf(
      parseConfig(`${MASTER}irc:\n  host: h\n  nick: n\n  channels: ['#a', {channel: '#b', password: k}]\n  lostDelay: 3\n`, {}, SOURCE),
      'irc',
    );
    expect(irc?.channels).toEqual([{ channel: '#a' }, { channel: '#b', password: 'k' }]);
    expect(irc?.lostDelay).toEqual([3, 3]);
  });

  it('keeps authz user ids as text, whether written as numbers or strings', () => {
    const telegram = sectionOf(
      parseConfig(
        `${MASTER}telegram:\n  token: \${T}\n  authz: { "force, stop": [123, "456"], "": true }\n  chatIds: [-1001234, "-42", "@builds"]\n`,
        { T: '1:abc' },
        SOURCE,
      ),
      'telegram',
    );
    expect(telegram?.authz).toEqual({ 'force, stop': ['123', '456'], '': true });
    expect(telegram?.chatIds).toEqual([-1001234, -42, '@builds']);
  });

  it('derives the webhook path from its URL and strips the slash grammY refuses from apiRoot', () => {
    const telegram = sectionOf(
      parseConfig(
        `${MASTER}http: { port: 0 }\ntelegram:\n  token: \${T}\n  mode: webhook\n  apiRoot: http://127.0.0.1:8081/\n  webhook: { url: "https://bot.example.org:8443/tg/updates", secretToken: "\${S}" }\n`,
        { T: '1:abc', S: 'sekret' },
        SOURCE,
      ),
      'telegram',
    );
    expect(telegram?.webhook).toEqual({ url: 'https://bot.example.org:8443/tg/updates', path: '/tg/updates', secretToken: 'sekret' });
    expect(telegram?.apiRoot).toBe('http://127.0.0.1:8081');
    expect(telegram?.limits).toEqual({ globalPerSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 });
  });
});

describe('configuration errors', () => {
  it('start with the file name and list every problem, one per line', () => {
    const error = configError('buildbot:\n  url: nope\nlog:\n  level: loud\n');
    expect(error.message).toBe(
      [
        'test.yaml: invalid configuration (2 problems)',
        '  buildbot.url: expected a URL like http://host:8010/',
        '  log.level: expected one of fatal, error, warn, info, debug, trace, silent',
      ].join('\n'),
    );
    expect(error.problems).toHaveLength(2);
  });

  it('say when a required option is missing', () => {
    expect(problemsOf('database: x.sqlite\n')).toEqual(['buildbot: missing (expected the master: buildbot: { url: http://host:8010/ }, or masters:)']);
    expect(problemsOf('buildbot: {}\n')).toEqual(['buildbot.url: missing (expected a URL like http://host:8010/)']);
    expect(problemsOf('')).toEqual(['(top level): the file is empty: start from config.example.yaml']);
  });

  it('name unknown keys and suggest the option meant, including Buildbot spellings', () => {
    expect(problemsOf(`${MASTER}irc:\n  host: h\n  nick: n\n  chanels: ['#a']\n  useSSL: true\n  notify_events: [failure]\n`)).toEqual([
      'irc.chanels: unknown key (did you mean "channels"?)',
      'irc.useSSL: unknown key (did you mean "tls"?)',
      'irc.notify_events: unknown key (did you mean "notifyEvents"?)',
    ]);
    expect(problemsOf(`${MASTER}telegram: { token: "\${T}", limits: { global: 5 } }`, { T: '1:a' })).toEqual([
      'telegram.limits.global: unknown key; expected one of globalPerSecond, perChatPerSecond, perGroupPerMinute',
    ]);
  });

  it('refuse URLs that are not http(s), carry credentials or a query', () => {
    expect(problemsOf('buildbot: { url: "ftp://ci.example.org/" }')).toEqual(['buildbot.url: expected a URL like http://host:8010/']);
    expect(problemsOf('buildbot: { url: "http://admin:hunter22@ci.example.org/" }')).toEqual([
      'buildbot.url: must not contain a user name or password',
    ]);
    expect(problemsOf('buildbot: { url: "http://ci.example.org/?x=1" }')).toEqual([
      'buildbot.url: expected a URL like http://host:8010/ (no "?" part)',
    ]);
  });

  it('want buildbot.user and buildbot.password together', () => {
    expect(problemsOf('buildbot: { url: "http://h/", user: admin }')).toEqual([
      'buildbot.password: missing (buildbot.user and buildbot.password go together)',
    ]);
  });

  describe('authz', () => {
    it('rejects a string value with the list to write instead', () => {
      expect(problemsOf(`${MASTER}console:\n  authz:\n    force: alice, bob\n`)).toEqual([
        'console.authz.force: expected true, false or a list of user ids (use a list: [alice, bob])',
      ]);
    });

    it('rejects other values and malformed keys', () => {
      expect(problemsOf(`${MASTER}console:\n  authz:\n    force: 3\n    "stop, ": true\n`)).toEqual([
        'console.authz.force: expected true, false or a list of user ids',
        'console.authz["stop, "]: expected a command name, names like "force, stop", "" (every safe command), "!" (every dangerous command) or "*"',
      ]);
    });

    it('checks ids per platform: numeric on Telegram, nicks or account:NAME on IRC', () => {
      expect(problemsOf(`${MASTER}telegram: { token: "\${T}", authz: { force: [alice] } }`, { T: '1:a' })).toEqual([
        'telegram.authz.force[0]: expected a numeric Telegram user id (the getid command shows it)',
      ]);
      expect(sectionOf(parseConfig(`${MASTER}irc: { host: h, nick: n, authz: { force: ["account:alice", bob] } }`, {}, SOURCE), 'irc')?.authz).toEqual({
        force: ['account:alice', 'bob'],
      });
      expect(problemsOf(`${MASTER}irc: { host: h, nick: n, authz: { force: ["bob smith"] } }`)).toEqual([
        'irc.authz.force[0]: expected a nick or account:NAME',
      ]);
    });

    it('refuses two entries for one command, whose outcome would depend on their order', () => {
      expect(problemsOf(`${MASTER}console:\n  authz:\n    force: true\n    "stop, force": [alice]\n`)).toEqual([
        'console.authz["stop, force"]: force already has an entry ("force"): give each command one',
      ]);
    });
  });

  it('check notification events at load time, unlike Buildbot (bug #6682)', () => {
    expect(problemsOf(`${MASTER}irc: { host: h, nick: n, notifyEvents: [started, failures, successToFailure] }`)).toEqual([
      'irc.notifyEvents[1]: expected one of started, finished, success, warnings, failure, exception, cancelled, problem, recovery, worse, better, worker (did you mean "failure"?)',
      "irc.notifyEvents[2]: Buildbot's successToFailure event is not supported: use problem, recovery, worse or better",
    ]);
  });

  it('explain an empty channel item left by an unquoted #', () => {
    expect(problemsOf(`${MASTER}irc:\n  host: h\n  nick: n\n  channels:\n    - #builds\n    - builds\n`)).toEqual([
      "irc.channels[0]: expected a channel like '#builds' or {channel: '#builds', password: ...} (quote it: an unquoted # starts a YAML comment)",
      "irc.channels[1].channel: expected a channel like '#builds' or {channel: '#builds', password: ...}",
    ]);
  });

  it('check ranges, ports and nicks', () => {
    expect(
      problemsOf(`${MASTER}irc: { host: h, nick: 9bot, port: 70000, lostDelay: [5, 1], failedDelay: [1, 2, 3], floodLinesPerSecond: 0 }`),
    ).toEqual([
      'irc.port: expected a number <= 65535',
      'irc.nick: expected a nick (letters, digits and []\\`_^{|}-, not starting with a digit or -)',
      'irc.lostDelay: expected a [min, max] range with min <= max',
      'irc.failedDelay: expected seconds, or a [min, max] range',
      'irc.floodLinesPerSecond: expected a number > 0',
    ]);
  });

  it('tie the Telegram webhook settings to webhook mode and to the HTTP server', () => {
    expect(problemsOf(`${MASTER}telegram: { token: "\${T}", mode: webhook }`, { T: '1:a' })).toEqual([
      'telegram.webhook: missing (telegram.mode is webhook)',
      'http: missing (telegram.mode is webhook: Telegram posts to this HTTP server)',
    ]);
    expect(problemsOf(`${MASTER}telegram: { token: "\${T}", webhook: { url: "https://b.example.org/", secretToken: s } }`, { T: '1:a' })).toEqual([
      'telegram.mode: expected webhook when telegram.webhook is set (or remove webhook to poll)',
    ]);
    expect(
      problemsOf(`${MASTER}http: { port: 0 }\ntelegram: { token: "\${T}", mode: webhook, webhook: { url: "http://b.example.org:8080/" } }`, {
        T: '1:a',
      }),
    ).toEqual(['telegram.webhook.url: expected a URL like https://bot.example.org/telegram', 'telegram.webhook.secretToken: missing (expected a secret, as ${TELEGRAM_WEBHOOK_SECRET})']);
    expect(
      problemsOf(`${MASTER}http: { port: 0 }\ntelegram: { token: "\${T}", mode: webhook, webhook: { url: "https://b.example.org:8080/", secretToken: s } }`, {
        T: '1:a',
      }),
    ).toEqual(['telegram.webhook.url: Telegram delivers webhooks only to ports 443, 80, 88 and 8443']);
  });

  it('give YAML syntax errors with their line and column', () => {
    const error = configError('buildbot:\n  url: http://h/\nbuildbot:\n  url: http://other/\n');
    expect(error.message).toBe('test.yaml: YAML syntax error\n  line 3, column 1: Map keys must be unique');
  });

  it('show only the first YAML error, and say how to quote a ${NAME} inside { }', () => {
    expect(problemsOf('buildbot: { url: http://h/, user: u, password: ${PW} }\n', { PW: 'x' })).toEqual([
      'line 1, column 49: Unexpected flow-map-start at node end (quote a ${NAME} value written inside [ ] or { }: "${NAME}") (and 2 more errors after it)',
    ]);
  });
});

describe('secrets in errors', () => {
  it('never prints a password or token found where something else was expected', () => {
    const text = [
      'buildbot: { url: "http://h/", user: admin, password: hunter2-secret, timeoutMs: hunter3-secret }',
      'irc:',
      '  host: h',
      '  nick: n',
      '  password: [hunter4-secret]',
      '  sasl: { account: a, password: { nested: hunter5-secret } }',
      '  channels: [{ channel: "#c", password: 87654321, extra: hunter6-secret }]',
      'telegram: { token: "${T}", webhook: { url: "https://x.org/", secretToken: "hunter7 secret" } }',
    ].join('\n');
    const error = configError(text, { T: 'hunter8-secret' });
    expect(error.problems).toEqual([
      'buildbot.timeoutMs: expected milliseconds',
      'irc.password: expected a password, as ${IRC_PASSWORD}',
      'irc.sasl.password: expected a password, as ${IRC_SASL_PASSWORD}',
      'irc.channels[0].password: expected the channel key',
      'irc.channels[0].extra: unknown key; expected one of channel, password',
      'telegram.token: expected a bot token like 123456789:AAE... (from @BotFather)',
      'telegram.webhook.secretToken: expected 1 to 256 letters, digits, _ or - (a Telegram rule)',
      'telegram.mode: expected webhook when telegram.webhook is set (or remove webhook to poll)',
    ]);
    expect(error.message).not.toMatch(/hunter|87654321/);
  });

  it('masks a secret that a hint would otherwise repeat', () => {
    // An authz string is echoed in its hint; a password pasted there by mistake is not.
    const error = configError(`buildbot: { url: "http://h/", user: u, password: pa55word }\nconsole: { authz: { force: pa55word } }`);
    expect(error.problems).toEqual(['console.authz.force: expected true, false or a list of user ids (use a list: [***])']);
  });

  it('leaves the source excerpt out of YAML errors, as it could show a password', () => {
    const error = configError('buildbot:\n  url: http://h/\n  password: "hunter2\n');
    expect(error.message).not.toContain('hunter2');
    expect(error.problems[0]).toMatch(/^line \d+, column \d+: /);
  });
});

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'buildbot-chat-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads and validates a file, naming it in errors', () => {
    const path = join(dir, 'good.yaml');
    writeFileSync(path, 'buildbot:\n  url: http://127.0.0.1:8010\n  password: ${PW}\n  user: admin\n');
    expect(loadConfig(path, { PW: 'pw' }).masters).toEqual([
      { name: 'default', urls: ['http://127.0.0.1:8010/'], user: 'admin', password: 'pw', failoverAfterSeconds: 30, authz: {} },
    ]);
    expect(() => loadConfig(path, {})).toThrow(`${path}: invalid configuration (1 problem)\n  buildbot.password: environment variable PW is not set`);
  });

  it('says when the file cannot be read', () => {
    const missing = join(dir, 'missing.yaml');
    const error = (() => {
      try {
        loadConfig(missing);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      `${missing}: cannot read the configuration file\n  no such file (copy config.example.yaml to start, or pass --config FILE)`,
    );
    expect(() => loadConfig(dir)).toThrow(`${dir}: cannot read the configuration file\n  is a directory, not a file`);
  });
});

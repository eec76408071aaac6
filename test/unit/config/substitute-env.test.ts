import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load-config.js';
import { sectionOf } from '../../support/config-sections.js';
import { MASTER, SOURCE, problemsOf } from './config-problems.js';

describe('${NAME} from the environment', () => {
  it('replaces references anywhere in a string value, lists included', () => {
    const config = parseConfig(
      'buildbot:\n  url: http://${HOST}:8010/\n  user: ${USER_NAME}\n  password: ${PW}\ntags: ["${TAG}-x"]\n',
      { HOST: 'ci.example.org', USER_NAME: 'admin', PW: 'p: "quoted" # not a comment', TAG: 'nightly' },
      SOURCE,
    );
    expect(config.masters).toMatchObject([{ urls: ['http://ci.example.org:8010/'], user: 'admin', password: 'p: "quoted" # not a comment' }]);
    expect(config.tags).toEqual(['nightly-x']);
  });

  it('writes a literal ${ for $${ and leaves keys alone', () => {
    const config = parseConfig(`${MASTER}database: "/tmp/$\${NOT_A_VAR}/\${DIR}"\n`, { DIR: 'd' }, SOURCE);
    expect(config.database).toBe('/tmp/${NOT_A_VAR}/d');
    // the key is taken as written, and is not a command name
    expect(problemsOf(`${MASTER}console:\n  authz: { "\${X}": true }\n`, { X: 'force' })).toEqual([
      'console.authz["${X}"]: expected a command name, names like "force, stop", "" (every safe command), "!" (every dangerous command) or "*"',
    ]);
  });

  it('names the option and the variable when one is not set or empty', () => {
    expect(problemsOf(`${MASTER}telegram:\n  token: \${TELEGRAM_TOKEN}\n`)).toEqual(['telegram.token: environment variable TELEGRAM_TOKEN is not set']);
    expect(problemsOf('buildbot:\n  url: ${URL}\n  user: ${U}\n  password: x\n', { URL: 'http://h/', U: '' })).toEqual([
      'buildbot.user: environment variable U is empty',
    ]);
  });

  it('reports every missing variable at once, and nothing more about those options', () => {
    expect(problemsOf('buildbot:\n  url: http://${A}:${B}/\nirc: { host: h, nick: n, channels: ["${C}"] }\n')).toEqual([
      'buildbot.url: environment variable A is not set',
      'buildbot.url: environment variable B is not set',
      'irc.channels[0]: environment variable C is not set',
    ]);
  });

  it('rejects malformed references', () => {
    expect(problemsOf(`${MASTER}database: "\${DIR"\n`)).toEqual(['database: "${" without a closing "}" (write $${ for a literal ${)']);
    expect(problemsOf(`${MASTER}database: "\${DIR:-x}"\n`, { DIR: 'd' })).toEqual([
      'database: "${DIR:-x}" is not a variable reference: write ${NAME} with letters, digits and _ (or $${ for a literal ${)',
    ]);
  });

  it('requires the Telegram token to come from the environment', () => {
    expect(problemsOf(`${MASTER}telegram:\n  token: "123456:AAE-literal-token"\n`)).toEqual([
      'telegram.token: write ${TELEGRAM_TOKEN} and set TELEGRAM_TOKEN in the environment: a secret written in the file leaks with the file',
    ]);
    // each bot of a list of bots, too
    expect(problemsOf(`${MASTER}telegram:\n  - { name: a, token: "\${T}" }\n  - { name: b, token: "123456:AAE-literal-token" }\n`, { T: '1:a' })).toEqual([
      'telegram[1].token: write ${TELEGRAM_TOKEN} and set TELEGRAM_TOKEN in the environment: a secret written in the file leaks with the file',
    ]);
    // an escaped reference is still a token written in the file
    expect(problemsOf(`${MASTER}telegram:\n  token: "$\${TOKEN}"\n`)).toHaveLength(1);
    expect(sectionOf(parseConfig(`${MASTER}telegram:\n  token: \${BOT}\n`, { BOT: '123456:AAE-x' }, SOURCE), 'telegram')?.token).toBe('123456:AAE-x');
  });
});

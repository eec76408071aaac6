/**
 * config.example.yaml is the documentation of every option (the README points to it): it must
 * load, name every option the schema has (set, or commented out as "# name: value"), no option
 * the schema lacks, and explain each one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../../src/config/load-config.js';
import { configSchema } from '../../../src/config/schema.js';
import { listOptionPaths } from '../../../src/config/schema-keys.js';
import { sectionOf } from '../../support/config-sections.js';

const EXAMPLE_URL = new URL('../../../config.example.yaml', import.meta.url);
const example = readFileSync(EXAMPLE_URL, 'utf8');
const DUMMY_ENV = { TELEGRAM_TOKEN: '123456:AAE-dummy', BUILDBOT_PASSWORD: 'pw', MATRIX_TOKEN: 'syt_dummy' };

/** "  # port: 6697" or "  #   account: x" or "    # - '#chan'": a commented-out option. */
const COMMENTED_OPTION = /^(\s*)#( +)((?:"[^"]*"|[A-Za-z_]\w*):(?:\s|$)|- )/;
const ACTIVE_OPTION = /^\s*(?:"[^"]*"|[A-Za-z_]\w*):(?:\s|$)/;

/** The example with every commented-out option switched on. */
function uncommented(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const match = COMMENTED_OPTION.exec(line);
      if (!match) return line;
      const [, indent = '', gap = ''] = match;
      return indent + gap.slice(1) + line.slice(indent.length + 1 + gap.length);
    })
    .join('\n');
}

/** The text without the top-level section `key`: from its line to the next blank line. */
function withoutSection(text: string, key: string): string {
  const lines = text.split('\n');
  const start = lines.indexOf(`${key}:`);
  if (start < 0) throw new Error(`no top-level ${key}: in the example`);
  const length = lines.slice(start).findIndex((line) => line.trim() === '');
  lines.splice(start, length < 0 ? lines.length : length);
  return lines.join('\n');
}

function documentPaths(value: unknown, records: ReadonlySet<string>, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => documentPaths(item, records, prefix));
  if (typeof value !== 'object' || value === null || records.has(prefix)) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return [path, ...documentPaths(inner, records, path)];
  });
}

describe('config.example.yaml', () => {
  it('loads with the environment variables it references', () => {
    const config = parseConfig(example, DUMMY_ENV, 'config.example.yaml');
    expect(config.masters).toMatchObject([{ name: 'default', urls: ['http://127.0.0.1:8010/'] }]);
    expect(sectionOf(config, 'irc')?.channels).toEqual([{ channel: '#buildbot-chat-demo' }]);
    expect(sectionOf(config, 'telegram')?.token).toBe('123456:AAE-dummy');
  });

  it('still loads with the commented-out options switched on, given their variables', () => {
    const env = { ...DUMMY_ENV, IRC_PASSWORD: 'a', IRC_SASL_PASSWORD: 'b', IRC_CHANNEL_KEY: 'c', TELEGRAM_WEBHOOK_SECRET: 'd', MATRIX_PASSWORD: 'e' };
    // switching on the webhook needs mode: webhook, which the example leaves at polling; Matrix's
    // user and password replace its accessToken
    const text = uncommented(example)
      .replace('mode: polling ', 'mode: webhook ')
      .replace(/^ {2}accessToken: .*\n/m, '');
    // buildbot: and masters: are alternatives: each is switched on without the other
    const config = parseConfig(withoutSection(text, 'masters'), env, 'config.example.yaml (all options)');
    expect(sectionOf(config, 'telegram')?.webhook?.path).toBe('/telegram');
    expect(sectionOf(config, 'irc')?.channels).toHaveLength(2);
    expect(config.masters).toMatchObject([{ name: 'default', tags: ['release'], authz: { 'force, stop': ['account:alice', '123456789'] } }]);
    const several = parseConfig(withoutSection(text, 'buildbot'), env, 'config.example.yaml (all options, masters)');
    expect(several.masters.map((master) => [master.name, master.urls.length])).toEqual([
      ['main', 1],
      ['release', 2],
    ]);
  });

  it('names every option of the schema and none it lacks', () => {
    const { options, records } = listOptionPaths(configSchema);
    const documented = documentPaths(parse(uncommented(example), { uniqueKeys: false }), new Set(records));
    expect([...new Set(documented)].sort()).toEqual([...options].sort());
  });

  it('explains every option line with a comment on it or just above it', () => {
    const lines = example.split('\n');
    const isOption = (line: string): boolean => ACTIVE_OPTION.test(line) || COMMENTED_OPTION.test(line);
    const unexplained = lines.filter((line, index) => {
      if (!isOption(line)) return false;
      const body = line.replace(/^\s*#/, '');
      const explainedInline = / #/.test(body);
      const above = lines[index - 1] ?? '';
      const explainedAbove = /^\s*#/.test(above) && !isOption(above);
      return !explainedInline && !explainedAbove;
    });
    expect(unexplained).toEqual([]);
  });
});

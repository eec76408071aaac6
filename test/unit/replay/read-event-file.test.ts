import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEventFile } from '../../../src/replay/read-event-file.js';

const examples = new URL('../../../docs/examples/events/', import.meta.url);
const example = (name: string) => new URL(name, examples).pathname;

describe('event files for replay', () => {
  it('reads every example shipped in docs/examples/events', () => {
    expect(readEventFile(example('build-started.ws.json'))).toEqual([expect.objectContaining({ kind: 'build-new', build: expect.objectContaining({ buildid: 42 }) })]);
    expect(readEventFile(example('build-finished-failure.ws.json'))).toEqual([
      expect.objectContaining({ kind: 'build-finished', build: expect.objectContaining({ buildid: 41, results: 2 }) }),
    ]);
    const [rest] = readEventFile(example('build-success.rest.json'));
    expect(rest).toMatchObject({ kind: 'build-finished', build: { buildid: 43, properties: { branch: ['main', 'Build'] } } });
    expect(readEventFile(example('worker-missing.ws.json'))).toEqual([
      { kind: 'worker-missing', worker: { workerid: 1, name: 'worker1', lastConnection: '2026-12-01 22:10:04' } },
    ]);
  });

  it('names the file and the problem for what it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-events-'));
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    expect(() => readEventFile(write('a.json', '{"k": "builds/1/finished"'))).toThrow(/a\.json: not JSON/);
    expect(() => readEventFile(write('b.json', '{"hello": 1}'))).toThrow(/b\.json: neither a \/ws event frame/);
    expect(() => readEventFile(write('c.json', '{"k": "builds/1/finished", "m": {"buildid": "x"}}'))).toThrow(/c\.json: the event builds\/1\/finished is malformed/);
    expect(() => readEventFile(write('d.json', '[{"k": "changes/1/new", "m": {}}]'))).toThrow(/d\.json: the event changes\/1\/new is not one the bot notifies of/);
    expect(() => readEventFile(join(dir, 'missing.json'))).toThrow(/missing\.json: ENOENT/);
  });
});

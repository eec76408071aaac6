import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MatrixBuildThreads } from '../../../src/adapters/matrix/build-threads.js';
import { createMatrixRenderer } from '../../../src/adapters/matrix/matrix-text-format.js';
import type { TemplateReply } from '../../../src/core/reply.js';
import { openDatabase } from '../../../src/store/open-database.js';

const dir = mkdtempSync(join(tmpdir(), 'buildbot-chat-matrix-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const renderer = createMatrixRenderer();
const build = { master: null, builder: 'slow', number: 7, url: 'http://bb/#/builders/2/builds/7', branch: null, showRevisions: false, revisions: [], reason: '' };
const started: TemplateReply = { template: 'build-started', data: build, build: { key: 'default:70', stage: 'started' } };
const finished: TemplateReply = {
  template: 'build-finished',
  data: { ...build, result: 0, duration: 3, stateString: 'build successful', owner: '', blame: [] },
  build: { key: 'default:70', stage: 'finished' },
};

describe('a thread per build on Matrix', () => {
  it('puts the finished notice in the started notice’s thread, across a restart, once', () => {
    const path = join(dir, 'threads.sqlite');
    const before = openDatabase(path);
    const threads = new MatrixBuildThreads(before, 'matrix');
    expect(threads.place('!room:example.org', started, renderer.render(started))['m.relates_to']).toBeUndefined();
    threads.sent('!room:example.org', started, '$started');
    before.close();

    const after = openDatabase(path);
    const again = new MatrixBuildThreads(after, 'matrix');
    const placed = again.place('!room:example.org', finished, renderer.render(finished));
    expect(placed['m.relates_to']).toEqual({ rel_type: 'm.thread', event_id: '$started', is_falling_back: true, 'm.in_reply_to': { event_id: '$started' } });
    // another room, or another bot account, has no such thread
    expect(again.place('!other:example.org', finished, renderer.render(finished))['m.relates_to']).toBeUndefined();
    expect(new MatrixBuildThreads(after, 'matrix/work').place('!room:example.org', finished, renderer.render(finished))['m.relates_to']).toBeUndefined();
    again.sent('!room:example.org', finished, '$finished');
    expect(again.place('!room:example.org', finished, renderer.render(finished))['m.relates_to']).toBeUndefined();
    after.close();
  });
});

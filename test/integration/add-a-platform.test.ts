/**
 * docs/architecture.md's two checklists, followed to the letter in a temporary folder: a
 * platform is one descriptor file (plus one entry in the platform list) and a command is one
 * file. Nothing else of the bot is edited, yet the platform's config section is validated, its
 * chats are subscribed from the config, it gets notifications and its users run commands, the
 * new one included.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PLATFORMS } from '../../src/adapters/platforms.js';
import { createBot, type Bot } from '../../src/app.js';
import { parseConfig } from '../../src/config/load-config.js';
import { configSchemaFor } from '../../src/config/schema.js';
import type { Platform } from '../../src/core/platform.js';
import { startFakeMaster, type FakeMaster } from '../fakes/fake-master.js';
import { eventStreamConnected } from '../support/event-stream-connected.js';
import { FAST_BOT_OPTIONS } from '../support/fast-bot-options.js';

const repo = (path: string) => pathToFileURL(join(import.meta.dirname, '../..', path)).href;

/** What a platform author writes: src/adapters/pigeon/descriptor.ts, here in a temporary folder. */
const PIGEON_DESCRIPTOR = `
import { z } from 'zod';
import { definePlatform } from '${repo('src/core/platform.ts')}';
import { platformSectionKeys } from '${repo('src/config/platform-section.ts')}';
import { userIdSchema } from '${repo('src/config/authz-schema.ts')}';

const schema = z.strictObject({
  lofts: z.array(z.string().regex(/^loft-\\d+$/, { error: 'expected a loft like loft-1' })).default([]),
  ...platformSectionKeys(userIdSchema(/^\\w+$/, 'a pigeon keeper')),
});

/** Everything sent is kept, so the test can read what each loft got. */
export const sent = [];

export const pigeonPlatform = definePlatform({
  name: 'pigeon',
  schema,
  multiple: true,
  defaultChats: (section) => section.lofts,
  notifyOptions: () => ({ useRevisions: false, showBlameList: false, tags: null }),
  // A loft is a room; a keeper's name is a private chat with them.
  privateChats: () => (chatId) => !chatId.startsWith('loft-'),
  async create(section, context) {
    return {
      name: context.name,
      connected: false,
      async start() { this.connected = true; },
      async stop() { this.connected = false; },
      isConnected() { return this.connected; },
      async deliver(chatId, reply) { sent.push({ adapter: context.name, chatId, reply }); return { ok: true }; },
      /** A keeper writes on the loft's slate. */
      say(loft, keeper, text) {
        const replies = [];
        const message = { chat: { adapter: context.name, id: loft, private: false }, user: { id: keeper, name: keeper }, text, addressed: true };
        return context.core.handle(message, {}, async (reply) => { replies.push(reply); }).then(() => replies);
      },
    };
  },
});
`;

/** What a command author writes: commands/coo.ts, here in a temporary folder. */
const COO_COMMAND = `
const coo = {
  name: 'coo',
  usage: 'coo [TIMES]',
  summary: 'coo back',
  dangerous: false,
  async run(ctx) {
    const times = Number(ctx.args[0] ?? '1');
    await ctx.reply({ text: Array.from({ length: times }, () => 'coo').join(' ') });
  },
};
export default coo;
`;

let master: FakeMaster | undefined;
let bot: Bot | undefined;
let dir: string | undefined;

afterEach(async () => {
  await bot?.stop();
  await master?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  bot = master = dir = undefined;
});

interface Pigeon {
  say(loft: string, keeper: string, text: string): Promise<{ text?: string; template?: string }[]>;
}

async function followTheChecklists(): Promise<{ platforms: Platform[]; commandsDir: string; sent: { adapter: string; chatId: string; reply: { template?: string; data?: Record<string, unknown> } }[] }> {
  dir = mkdtempSync(join(tmpdir(), 'buildbot-chat-checklist-'));
  const descriptorFile = join(dir, 'descriptor.ts');
  writeFileSync(descriptorFile, PIGEON_DESCRIPTOR);
  const commandsDir = join(dir, 'commands');
  mkdirSync(commandsDir);
  writeFileSync(join(commandsDir, 'coo.ts'), COO_COMMAND);
  const module = (await import(pathToFileURL(descriptorFile).href)) as { pigeonPlatform: Platform; sent: [] };
  // "one line in src/adapters/platforms.ts"
  return { platforms: [...PLATFORMS, module.pigeonPlatform], commandsDir, sent: module.sent };
}

describe('adding a platform and a command as docs/architecture.md says', () => {
  it('validates the new section, subscribes its chats, notifies them and runs commands there, the new one included', async () => {
    const { platforms, commandsDir, sent } = await followTheChecklists();
    const schema = configSchemaFor(platforms);
    master = await startFakeMaster({ buildStartDelayMs: 5 });

    expect(() => parseConfig(`buildbot: {url: "${master?.url}"}\npigeon: {lofts: [attic]}`, {}, 'pigeon.yaml', schema)).toThrow(
      /pigeon\.lofts\[0\]: expected a loft like loft-1/,
    );
    expect(() => parseConfig(`buildbot: {url: "${master?.url}"}\npigeon: {lofts: [loft-1]}`, {})).toThrow(/pigeon: unknown key/);

    const config = parseConfig(
      [
        `buildbot: {url: "${master.url}"}`,
        `database: ${join(dir ?? '', 'bot.sqlite')}`,
        'pigeon:',
        '  - {lofts: [loft-1], notifyEvents: [finished], authz: {"!": [alice]}}',
        '  - {name: roof, lofts: [loft-2], notifyEvents: [started]}',
      ].join('\n'),
      {},
      'pigeon.yaml',
      schema,
    );
    bot = await createBot({ config, logger: pino({ level: 'silent' }), platforms, commandsDir, ...FAST_BOT_OPTIONS });
    await bot.start();
    expect(bot.adapters.map((adapter) => adapter.name)).toEqual(['pigeon', 'pigeon/roof']);
    await eventStreamConnected(bot);
    await bot.notifications.idle();

    const build = master.startBuild({ builder: 'fast-pass', durationMs: null });
    await vi.waitFor(() => expect(sent.map((s) => [s.adapter, s.chatId, s.reply.template])).toEqual([['pigeon/roof', 'loft-2', 'build-started']]), { timeout: 10_000 });
    master.finishBuild(build.buildid, 0);
    await vi.waitFor(() => expect(sent.map((s) => [s.adapter, s.chatId, s.reply.template])).toContainEqual(['pigeon', 'loft-1', 'build-finished']), { timeout: 10_000 });
    expect(sent.find((s) => s.reply.template === 'build-finished')?.reply.data).toMatchObject({ builder: 'fast-pass', number: build.number });

    const pigeon = bot.adapter('pigeon') as unknown as Pigeon;
    expect(await pigeon.say('loft-1', 'bob', 'coo 3')).toEqual([{ text: 'coo coo coo' }]);
    const roof = bot.adapter('pigeon/roof') as unknown as Pigeon;
    expect(await roof.say('loft-2', 'bob', 'coo')).toEqual([{ text: 'coo' }]);
    // the registry knows it like any other: the answer to a typo offers it
    expect(await roof.say('loft-2', 'bob', 'cooo')).toEqual([expect.objectContaining({ template: 'unknown-command', data: expect.objectContaining({ commands: ['coo'] }) })]);
  });
});

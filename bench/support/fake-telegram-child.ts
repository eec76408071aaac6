/**
 * The fake Bot API in a process of its own, for the fan-out benchmark: in the bot's process
 * its own work (storing 100,000 messages, garbage collection) stalls the bot and bunches the
 * requests it admits, which a real Telegram server would not do. argv: rate limits (JSON),
 * number of private chats. Prints one JSON line {apiRoot, token, chatIds}; then answers each
 * `stats` line on stdin with {sent, lastSentAt, http429}.
 */
import { createInterface } from 'node:readline';
import { startFakeTelegram } from '../../test/fakes/fake-telegram/server.js';

const [limits, chats] = process.argv.slice(2);
const fake = await startFakeTelegram({ rateLimits: JSON.parse(limits ?? '{}') as Record<string, number> });
const chatIds = Array.from({ length: Number(chats ?? 0) }, () => fake.privateChat().chat.id);
process.stdout.write(`${JSON.stringify({ apiRoot: fake.apiRoot, token: fake.token, chatIds })}\n`);

let checked = 0;
let sent = 0;
let lastSentAt = 0;
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line !== 'stats') return;
  for (; checked < fake.calls.length; checked++) {
    const call = fake.calls[checked];
    if (call?.method === 'sendMessage' && call.ok) {
      sent++;
      lastSentAt = call.at;
    }
  }
  process.stdout.write(`${JSON.stringify({ sent, lastSentAt, http429: fake.tooManyRequestsSent })}\n`);
});
lines.on('close', () => void fake.close().then(() => process.exit(0)));

/**
 * Run by event-stream.test.ts in its own process: start an EventStream against argv[2], wait
 * for argv[3] ('connected', 'tick' or 'backoff': the first failed connect), stop it, print
 * "stopped" and return. The process must then exit by itself: nothing may keep it alive.
 */
import pino from 'pino';
import { EventStream } from '../../../src/buildbot/event-stream.js';

const [url, waitFor] = process.argv.slice(2);
if (!url || (waitFor !== 'connected' && waitFor !== 'tick' && waitFor !== 'backoff')) throw new Error('usage: event-stream-stop-child URL connected|tick|backoff');

const stream = new EventStream({
  url,
  logger: pino({ level: 'silent' }),
  // also the handshake deadline: generous, so a loaded CI machine still connects in time
  pingIntervalMs: 2_000,
  // 'backoff': a long wait is pending when stop() comes; 'tick': polling after two failures
  backoff: waitFor === 'backoff' ? { initialMs: 60_000, maxMs: 60_000 } : { initialMs: 10, maxMs: 60_000 },
  wsFailuresBeforePolling: waitFor === 'backoff' ? 100 : 2,
  pollIntervalMs: 30,
});

await new Promise<void>((resolve) => {
  if (waitFor === 'backoff') {
    // long enough for the first connect to fail and the 0..60 s backoff wait to begin
    setTimeout(resolve, 300);
  } else {
    stream.once(waitFor, () => resolve());
  }
  stream.start();
});
await stream.stop();
process.stdout.write('stopped\n');

/** Poll `probe` until it returns a value or `timeoutMs` passes (then null). */
import { setTimeout as sleep } from 'node:timers/promises';

export async function waitFor<T>(probe: () => Promise<T | null | undefined>, timeoutMs: number, intervalMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() + intervalMs > deadline) return null;
    await sleep(intervalMs);
  }
}

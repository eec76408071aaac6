/**
 * "Is the master there?" for /healthz: one cheap REST read, its answer kept for a few seconds,
 * so a health checker polling every second does not turn into load on the master, and checks
 * arriving together share one request.
 */
export interface MasterProbeResult {
  ok: boolean;
  /** ms since the epoch */
  checkedAt: number;
  /** Why it failed: the client's error message (it names the master's URL, never credentials). */
  error?: string;
}

export interface MasterProbeOptions {
  /** The read to make, e.g. `() => client.listMasters()`: any answer means reachable. */
  read: () => Promise<unknown>;
  /** How long an answer is reused (default 5000 ms). */
  ttlMs?: number;
  now?: () => number;
}

export function cachedMasterProbe(options: MasterProbeOptions): () => Promise<MasterProbeResult> {
  const { read, ttlMs = 5_000, now = Date.now } = options;
  let last: MasterProbeResult | undefined;
  let running: Promise<MasterProbeResult> | undefined;
  const probe = async (): Promise<MasterProbeResult> => {
    try {
      await read();
      return { ok: true, checkedAt: now() };
    } catch (error) {
      return { ok: false, checkedAt: now(), error: error instanceof Error ? error.message : String(error) };
    }
  };
  return () => {
    if (last && now() - last.checkedAt < ttlMs) return Promise.resolve(last);
    running ??= probe().then((result) => {
      last = result;
      running = undefined;
      return result;
    });
    return running;
  };
}

/** /config changes only when the master is reconfigured: read it at most once a minute. */
import type { BuildbotClient } from './client.js';
import type { MasterConfig } from './schemas.js';

export function cachedMasterConfig(client: BuildbotClient, ttlMs = 60_000): () => Promise<MasterConfig> {
  let cached: { value: MasterConfig; at: number } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < ttlMs) return cached.value;
    const value = await client.getMasterConfig();
    cached = { value, at: Date.now() };
    return value;
  };
}

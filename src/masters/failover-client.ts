/**
 * A BuildbotClient over every front end of one cluster: each call goes to the current front
 * end; when that one cannot be reached the call moves on to the next (reads always; force and
 * stop only when the connection was refused, so the master never saw them: a retry must never
 * start a second build; the same for cancel and worker pause), and 5xx answers count towards FrontEnds' failover time.
 */
import type { BuildbotClient } from '../buildbot/client.js';
import { MasterResponseError, MasterUnavailableError } from '../buildbot/errors.js';
import type { FrontEnds } from './front-ends.js';

/** Calls that change the master: sent again elsewhere only if they surely never arrived. */
const CONTROL_CALLS = new Set<keyof BuildbotClient>(['force', 'stopBuild', 'cancelBuildRequest', 'setWorkerPaused']);

type ClientMethod = Exclude<keyof BuildbotClient, 'baseUrl'>;

// A record, not a list: the compiler then names any method of BuildbotClient left out here,
// which would otherwise be missing from the failover client at run time.
const FORWARDED: Record<ClientMethod, true> = {
  getMasterConfig: true,
  listBuilders: true,
  getBuilder: true,
  getBuilderById: true,
  listWorkers: true,
  listBuilds: true,
  getBuild: true,
  getBuildByNumber: true,
  listSteps: true,
  listChanges: true,
  listBuildChanges: true,
  listForceSchedulers: true,
  listMasters: true,
  force: true,
  listBuildsForRequest: true,
  stopBuild: true,
  listBuildRequests: true,
  getBuildRequest: true,
  getBuildset: true,
  cancelBuildRequest: true,
  setWorkerPaused: true,
  listStepLogs: true,
  readLogLines: true,
};
const METHODS = Object.keys(FORWARDED) as ClientMethod[];

export function createFailoverClient(frontEnds: FrontEnds, clientFor: (url: string) => BuildbotClient): BuildbotClient {
  const clients = new Map(frontEnds.urls.map((url) => [url, clientFor(url)]));
  const call = async (method: ClientMethod, args: unknown[]): Promise<unknown> => {
    for (let tried = 1; ; tried++) {
      const url = frontEnds.current();
      const client = clients.get(url) as BuildbotClient;
      try {
        const result: unknown = await (client[method] as (...args: unknown[]) => Promise<unknown>)(...args);
        frontEnds.answered(url);
        return result;
      } catch (error) {
        const moved = movedOn(frontEnds, url, error);
        const again = moved && tried < frontEnds.urls.length && (!CONTROL_CALLS.has(method) || connectionRefused(error));
        if (!again) throw error;
      }
    }
  };
  const client = Object.fromEntries(METHODS.map((method) => [method, (...args: unknown[]) => call(method, args)]));
  return Object.defineProperty(client, 'baseUrl', { get: () => frontEnds.current(), enumerable: true }) as unknown as BuildbotClient;
}

/** Tells FrontEnds what the failure says about `url`; true when it moved to another front end. */
function movedOn(frontEnds: FrontEnds, url: string, error: unknown): boolean {
  if (error instanceof MasterUnavailableError) return frontEnds.unreachable(url, causeText(error));
  if (error instanceof MasterResponseError && error.status >= 500) return frontEnds.failing(url, error.status);
  return false;
}

function connectionRefused(error: unknown): boolean {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as { code?: unknown }).code === 'ECONNREFUSED') return true;
  }
  return false;
}

function causeText(error: Error): string {
  return error.cause instanceof Error ? error.cause.message : error.message;
}

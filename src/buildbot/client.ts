/**
 * What the bot needs from a Buildbot master. Implemented over REST by `createBuildbotClient`
 * (rest-client.ts), and in tests by the same client pointed at the fake master.
 */
import type { Build, Builder, BuildRequest, Buildset, Change, ForceScheduler, Log, LogChunk, Master, MasterConfig, Step, Worker } from './schemas.js';

export interface BuildQuery {
  builderid?: number;
  complete?: boolean;
  /** only builds with buildid greater than this (catching up after a reconnect) */
  buildidAfter?: number;
  /** only builds completed at or after this Unix time (complete_at__ge) */
  completedSince?: number;
  /** Buildbot order spec, e.g. '-number' */
  order?: string;
  limit?: number;
  /** property names to include, or ['*'] */
  properties?: string[];
}

export interface ForceRequest {
  scheduler: string;
  builderid: number;
  /** field fullName -> value: reason, branch, revision, username, properties... */
  params: Record<string, string | boolean | number>;
}

export interface ForceResult {
  buildsetid: number;
  /** builderid -> buildrequestid */
  requests: Record<string, number>;
}

export interface BuildRequestQuery {
  builderid?: number;
  complete?: boolean;
  claimed?: boolean;
}

export interface BuildbotClient {
  /** The master's web root, e.g. http://127.0.0.1:8010/ */
  readonly baseUrl: string;
  getMasterConfig(): Promise<MasterConfig>;
  listBuilders(): Promise<Builder[]>;
  /** null when no builder has that name */
  getBuilder(name: string): Promise<Builder | null>;
  getBuilderById(builderid: number): Promise<Builder | null>;
  listWorkers(): Promise<Worker[]>;
  listBuilds(query: BuildQuery): Promise<Build[]>;
  getBuild(buildid: number, properties?: string[]): Promise<Build | null>;
  /** the build `number` of a builder, null when absent */
  getBuildByNumber(builderid: number, number: number): Promise<Build | null>;
  listSteps(buildid: number): Promise<Step[]>;
  /** newest first */
  listChanges(limit: number): Promise<Change[]>;
  listBuildChanges(buildid: number): Promise<Change[]>;
  listForceSchedulers(): Promise<ForceScheduler[]>;
  listMasters(): Promise<Master[]>;
  /** Never retried: a retry could start a second build. */
  force(request: ForceRequest): Promise<ForceResult>;
  /** Builds created for a build request (empty until a worker claims it). */
  listBuildsForRequest(buildrequestid: number): Promise<Build[]>;
  /** Never retried. Buildbot answers success even for unknown builds: callers check first. */
  stopBuild(buildid: number, reason: string): Promise<void>;
  listBuildRequests(query: BuildRequestQuery): Promise<BuildRequest[]>;
  getBuildRequest(buildrequestid: number): Promise<BuildRequest | null>;
  getBuildset(bsid: number): Promise<Buildset | null>;
  /** Never retried. Buildbot answers success for any id, complete or unknown: callers check. */
  cancelBuildRequest(buildrequestid: number, reason: string): Promise<void>;
  /** Never retried. A paused worker takes no new build until unpaused (its running ones go on). */
  setWorkerPaused(workerid: number, paused: boolean, reason: string): Promise<void>;
  /** The logs of step `stepNumber` of a build. */
  listStepLogs(buildid: number, stepNumber: number): Promise<Log[]>;
  /** Lines offset..offset+limit-1 of a log (fewer at its end). */
  readLogLines(logid: number, offset: number, limit: number): Promise<LogChunk[]>;
}

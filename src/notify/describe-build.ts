/**
 * Everything a build notification says, read from the master once per build: builder name and
 * tags, link, result, duration, reason and owner of forced builds, branch and revisions, and the
 * authors of its changes (Buildbot's showBlameList and useRevisions never worked: #4454).
 */
import type { BuildbotClient } from '../buildbot/client.js';
import { buildUrl } from '../buildbot/links.js';
import type { Build, Builder } from '../buildbot/schemas.js';
import { EXCEPTION, FAILURE } from '../buildbot/results.js';

export interface BuildNotice {
  /** The master's name when the bot has several (notifications name it), else null. */
  master: string | null;
  buildid: number;
  builderid: number;
  builder: string;
  tags: string[];
  number: number;
  url: string;
  result: number | null;
  stateString: string;
  /** seconds, null while running */
  duration: number | null;
  reason: string;
  owner: string;
  branch: string | null;
  revisions: string[];
  /** authors of the build's changes; filled for failed builds, and for all with `blameAlways` */
  blame: string[];
  /** the owner property as Buildbot has it, for mentions and `--mine` (owner is for display) */
  requester?: string;
}

const PROPERTIES = ['branch', 'revision', 'got_revision', 'reason', 'owner', 'scheduler'];

function property(build: Build, name: string): unknown {
  return build.properties[name]?.[0];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export async function describeBuild(
  client: BuildbotClient,
  builder: Builder,
  build: Build,
  buildbotUrl: string,
  /** Shown when the bot has several masters. */
  master: string | null,
  /** What was read when the build started: its properties are not read again. */
  known?: BuildNotice,
  /** Read the changes of every build, not only failed ones (someone follows their own builds). */
  blameAlways = false,
): Promise<BuildNotice> {
  const full = known || Object.keys(build.properties).length > 0 ? build : ((await client.getBuild(build.buildid, PROPERTIES)) ?? build);
  const failed = full.results === FAILURE || full.results === EXCEPTION;
  const changes = failed || blameAlways ? await client.listBuildChanges(full.buildid) : [];
  return {
    master,
    buildid: full.buildid,
    builderid: builder.builderid,
    builder: builder.name,
    tags: builder.tags,
    number: full.number,
    url: buildUrl(buildbotUrl, builder.builderid, full.number),
    result: full.complete ? full.results : null,
    stateString: full.state_string ?? '',
    duration: full.complete_at ? full.complete_at - full.started_at : null,
    ...(known
      ? { reason: known.reason, owner: known.owner, branch: known.branch, revisions: known.revisions, ...(known.requester ? { requester: known.requester } : {}) }
      : fromProperties(full)),
    blame: [...new Set(changes.map((c) => c.author ?? '').filter(Boolean))],
  };
}

function fromProperties(build: Build): Pick<BuildNotice, 'reason' | 'owner' | 'branch' | 'revisions' | 'requester'> {
  const revisionProp = property(build, 'got_revision') ?? property(build, 'revision');
  const revisions =
    typeof revisionProp === 'string' && revisionProp
      ? [revisionProp]
      : typeof revisionProp === 'object' && revisionProp !== null
        ? Object.values(revisionProp).filter((v): v is string => typeof v === 'string' && v !== '')
        : [];
  const owner = text(property(build, 'owner'));
  const reason = text(property(build, 'reason'));
  return {
    reason: owner ? reason : '',
    owner: owner && !reason.includes(owner.replace(/\s*<[^>]*>$/, '')) ? owner : '',
    branch: text(property(build, 'branch')) || null,
    revisions,
    ...(owner ? { requester: owner } : {}),
  };
}

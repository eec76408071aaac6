/** Builder states turned into the plain data that status and last templates print (its shape: the reply catalogue). */
import type { BuilderState } from '../../src/buildbot/builder-overview.js';
import { buildUrl } from '../../src/buildbot/links.js';
import type { Build } from '../../src/buildbot/schemas.js';
import { EXCEPTION, FAILURE } from '../../src/buildbot/results.js';
import type { buildViewSchema, builderViewSchema } from '../../src/core/reply-catalogue.js';
import type { z } from 'zod';

/**
 * Above this many builders a per-builder listing (status, last) is summarised: failing and
 * running builders named, the rest counted. Buildbot's bot sends one line per builder, 201
 * lines on a 200-builder master, over a minute of paced lines on IRC.
 */
export const SUMMARY_THRESHOLD = 12;

export type BuildView = z.infer<typeof buildViewSchema>;
export type BuilderView = z.infer<typeof builderViewSchema>;

export function toBuildView(build: Build, buildbotUrl: string): BuildView {
  const completeAt = build.complete_at ?? null;
  return {
    number: build.number,
    url: buildUrl(buildbotUrl, build.builderid, build.number),
    result: build.results,
    stateString: build.state_string ?? '',
    startedAt: build.started_at,
    completeAt,
    duration: completeAt !== null ? completeAt - build.started_at : Date.now() / 1000 - build.started_at,
  };
}

export function toBuilderView(state: BuilderState, buildbotUrl: string): BuilderView {
  const last = state.last ? toBuildView(state.last, buildbotUrl) : null;
  return {
    name: state.builder.name,
    online: state.online,
    running: state.running.map(({ build, step }) => ({ ...toBuildView(build, buildbotUrl), step })),
    last,
    failing: last !== null && (last.result === FAILURE || last.result === EXCEPTION),
  };
}

/**
 * BuildQuery in Buildbot's REST query options (data/connector.py resultspec_from_jsonapi):
 * field filters (`complete=false`), operators (`buildid__gt=`), `order`, `limit`, and
 * `property=NAME`, repeatable, or `property=*` (builds only; otherwise `properties` is {}).
 */
import type { BuildQuery } from './client.js';

export function buildQueryParams(query: BuildQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.builderid !== undefined) params.set('builderid', String(query.builderid));
  if (query.complete !== undefined) params.set('complete', query.complete ? 'true' : 'false');
  if (query.buildidAfter !== undefined) params.set('buildid__gt', String(query.buildidAfter));
  if (query.completedSince !== undefined) params.set('complete_at__ge', String(Math.floor(query.completedSince)));
  if (query.order !== undefined) params.set('order', query.order);
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  appendProperties(params, query.properties);
  return params;
}

export function appendProperties(params: URLSearchParams, properties: readonly string[] | undefined): URLSearchParams {
  for (const name of properties ?? []) params.append('property', name);
  return params;
}

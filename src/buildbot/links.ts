/** Web UI link of a build, as Buildbot 3.8+ writes it (3.7's `#builders/...` form also works). */
export function buildUrl(buildbotUrl: string, builderid: number, number: number): string {
  const base = buildbotUrl.endsWith('/') ? buildbotUrl : `${buildbotUrl}/`;
  return `${base}#/builders/${builderid}/builds/${number}`;
}

export function builderUrl(buildbotUrl: string, builderid: number): string {
  const base = buildbotUrl.endsWith('/') ? buildbotUrl : `${buildbotUrl}/`;
  return `${base}#/builders/${builderid}`;
}

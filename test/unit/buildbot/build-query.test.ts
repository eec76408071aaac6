import { describe, expect, it } from 'vitest';
import { buildQueryParams } from '../../../src/buildbot/build-query.js';

describe('build queries in Buildbot query options', () => {
  it('maps every BuildQuery field', () => {
    const params = buildQueryParams({
      builderid: 6, complete: false, buildidAfter: 17, completedSince: 1795374254.7, order: '-number', limit: 3, properties: ['owner', 'reason'],
    });
    expect(params.toString()).toBe(
      'builderid=6&complete=false&buildid__gt=17&complete_at__ge=1795374254&order=-number&limit=3&property=owner&property=reason',
    );
  });

  it('writes complete=true and property=* as Buildbot expects', () => {
    expect(buildQueryParams({ complete: true, properties: ['*'] }).toString()).toBe('complete=true&property=*');
  });

  it('sends nothing for an empty query', () => {
    expect(buildQueryParams({}).toString()).toBe('');
  });
});

/** A build notice whose every field from the master or a user is far too long for a chat line. */
import type { BuildNotice } from '../../src/notify/describe-build.js';

export const NOTICE_URL = 'http://master.example.org:8010/#/builders/3/builds/42';

export function hugeNotice(): BuildNotice {
  return {
    master: null,
    buildid: 9,
    builderid: 3,
    builder: `linux-${'b'.repeat(3_000)}`,
    tags: [],
    number: 42,
    url: NOTICE_URL,
    result: 2,
    stateString: `failed ${'s'.repeat(3_000)}`,
    duration: 61,
    reason: `because ${'r'.repeat(10_000)}`,
    owner: `alice ${'o'.repeat(2_000)}`,
    branch: `feature/${'x'.repeat(5_000)}`,
    revisions: Array.from({ length: 30 }, (_, i) => `${i}`.padStart(40, 'a')),
    blame: Array.from({ length: 50 }, (_, i) => `author${i} ${'n'.repeat(300)}`),
  };
}

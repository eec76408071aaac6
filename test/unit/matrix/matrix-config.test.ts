import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load-config.js';
import { MASTER, problemsOf } from '../config/config-problems.js';

const ENV = { MATRIX_TOKEN: 'syt_test_token', MATRIX_PASSWORD: 'matrix-pass' };

/** A problem's line with the section's place written as "matrix." (one section may print as matrix[0]). */
const lines = (problems: string[]) => problems.map((line) => line.replace(/^matrix\[0\]\./, 'matrix.').replace(/\[(\d+)\]/g, '.$1')).sort();

describe('the matrix: section', () => {
  it('takes a homeserver, a token from the environment and rooms by alias or id', () => {
    const config = parseConfig(
      `${MASTER}matrix:\n  homeserverUrl: https://matrix.example.org/\n  accessToken: \${MATRIX_TOKEN}\n  rooms: ['#ci:example.org', '!abc:example.org']\n  authz: { force: ['@alice:example.org'] }\n`,
      ENV,
    );
    const [section] = config.platforms.get('matrix') ?? [];
    expect(section).toMatchObject({
      homeserverUrl: 'https://matrix.example.org',
      accessToken: 'syt_test_token',
      rooms: ['#ci:example.org', '!abc:example.org'],
      maxCommandAgeMinutes: 10,
      authz: { force: ['@alice:example.org'] },
    });
  });

  it('needs a token or a user with a password, not both', () => {
    expect(lines(problemsOf(`${MASTER}matrix:\n  homeserverUrl: https://m.example.org\n`, ENV))).toEqual([
      'matrix.accessToken: missing (expected accessToken: ${MATRIX_TOKEN}, or user and password)',
    ]);
    expect(lines(problemsOf(`${MASTER}matrix:\n  homeserverUrl: https://m.example.org\n  user: '@ci:m.example.org'\n`, ENV))).toEqual([
      'matrix.password: missing (matrix.user and matrix.password go together)',
    ]);
    expect(
      lines(problemsOf(`${MASTER}matrix:\n  homeserverUrl: https://m.example.org\n  accessToken: \${MATRIX_TOKEN}\n  user: '@ci:m.example.org'\n  password: \${MATRIX_PASSWORD}\n`, ENV)),
    ).toEqual(['matrix.accessToken: give either accessToken, or user and password, not both']);
  });

  it('names the room or user that is not one', () => {
    const problems = lines(problemsOf(
      `${MASTER}matrix:\n  homeserverUrl: https://m.example.org\n  accessToken: \${MATRIX_TOKEN}\n  rooms: ['ci']\n  authz: { force: [alice] }\n`,
      ENV,
    ));
    expect(problems).toEqual([
      'matrix.authz.force.0: expected a Matrix user id like @alice:example.org',
      "matrix.rooms.0: expected a room alias like '#ci:example.org' or a room id like '!abc123:example.org' (quoted: an unquoted # starts a YAML comment)",
    ]);
  });
});

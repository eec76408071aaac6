/**
 * What `source` answers: the config's source: option, else the repository a package.json names
 * (an installation packed from a fork that sets one), else an honest "names no source URL".
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { botIdentity } from '../../../src/bot-identity.js';
import { createReplyRenderer } from '../../../src/core/render-reply.js';
import { plainTextFormat } from '../../../src/core/text-format.js';

const withRepository = fileURLToPath(new URL('../../fixtures/package-with-repository/', import.meta.url));
const renderer = createReplyRenderer(plainTextFormat);
const answer = (bot: ReturnType<typeof botIdentity>) => renderer.render({ template: 'source', data: bot });

describe('source', () => {
  it("answers package.json's repository as a browsable URL when it names one", () => {
    expect(answer(botIdentity(undefined, withRepository))).toEqual(['buildbot-chat 9.8.7: my source is at https://git.example.org/ops/buildbot-chat']);
  });

  it('answers the source: option before the repository', () => {
    expect(answer(botIdentity('https://git.example.org/our-fork', withRepository))).toEqual(['buildbot-chat 9.8.7: my source is at https://git.example.org/our-fork']);
  });

  it('says the installation names no source URL when neither does, naming the option to set', () => {
    const { version } = botIdentity();
    expect(answer(botIdentity())).toEqual([`buildbot-chat ${version}; this installation names no source URL: set source: in the configuration`]);
  });
});

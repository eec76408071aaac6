import { describe, expect, it } from 'vitest';
import { createMatrixRenderer, matrixHtmlFormat } from '../../../src/adapters/matrix/matrix-text-format.js';

const renderer = createMatrixRenderer();

describe('Matrix notices', () => {
  it('are m.notice events with an HTML body and a plain body, mentioning nobody', () => {
    const content = renderer.render({ template: 'force-started', data: { builder: 'fast-pass', number: 3, url: 'http://127.0.0.1:8010/#/builders/1/builds/3' } });
    expect(content).toEqual({
      msgtype: 'm.notice',
      body: 'Build #3 of fast-pass started.  http://127.0.0.1:8010/#/builders/1/builds/3',
      format: 'org.matrix.custom.html',
      formatted_body: 'Build <a href="http://127.0.0.1:8010/#/builders/1/builds/3">#3</a> of <b>fast-pass</b> started.',
      'm.mentions': {},
    });
  });

  it('colours results in the HTML body and keeps the words in the plain one', () => {
    const data = { master: null, builder: 'slow', number: 7, url: 'http://bb/#/builders/2/builds/7', result: 2, duration: 65, stateString: 'failed test', branch: null, showRevisions: false, revisions: [], reason: '', owner: '', blame: [] };
    const content = renderer.render({ template: 'build-finished', data });
    expect(content.formatted_body).toContain('<font color="#c62828" data-mx-color="#c62828">failed</font>');
    expect(content.body).toMatch(/^Build #7 of slow failed after 1m 05s: failed test\.  http:\/\/bb\//);
  });

  it('escapes everything that comes from the master or a user', () => {
    const content = renderer.render({ template: 'force-started', data: { builder: '</b><a href="http://evil">x</a>&amp;<img src=x>', number: 1, url: 'http://bb/"><b>' } });
    expect(content.formatted_body).toBe(
      'Build <a href="http://bb/&quot;&gt;&lt;b&gt;">#1</a> of <b>&lt;/b&gt;&lt;a href=&quot;http://evil&quot;&gt;x&lt;/a&gt;&amp;amp;&lt;img src=x&gt;</b> started.',
    );
    expect(content.body).toContain('</b><a href="http://evil">x</a>&amp;<img src=x>');
  });

  it('joins the lines of a long answer with <br> in HTML and newlines in plain text', () => {
    const content = renderer.render({ text: 'one <two>\nthree' });
    expect(content.formatted_body).toBe('one &lt;two&gt;<br>three');
    expect(content.body).toBe('one <two>\nthree');
  });

  it('mentions people with a Matrix id as pills and notifies them (m.mentions); others by name', () => {
    const data = {
      master: null, builder: 'slow', number: 7, url: 'http://bb/#/builders/2/builds/7', result: 2, duration: 65, stateString: 'failed test', branch: null,
      showRevisions: false, revisions: [], reason: '', owner: '', blame: [],
      mentions: [
        { name: 'Alice <A>', handles: { matrix: '@alice:example.org', irc: 'alice' } },
        { name: 'Bob', handles: { irc: 'bob' } },
        { name: 'Alice again', handles: { matrix: '@alice:example.org' } },
      ],
    };
    const content = renderer.render({ template: 'build-finished', data, build: { key: 'default:9', stage: 'finished' } });
    expect(content.formatted_body).toMatch(/^<a href="https:\/\/matrix.to\/#\/@alice:example.org">Alice &lt;A&gt;<\/a>, Bob, <a href="https:\/\/matrix.to\/#\/@alice:example.org">Alice again<\/a>: Build /);
    expect(content.body).toMatch(/^Alice <A>, Bob, Alice again: Build #7 of slow failed/);
    expect(content['m.mentions']).toEqual({ user_ids: ['@alice:example.org'] });
  });

  it('links only web URLs', () => {
    expect(matrixHtmlFormat.link('javascript:alert(1)', 'log')).toBe('log');
    expect(matrixHtmlFormat.result(null, 'running')).toBe('running');
  });
});

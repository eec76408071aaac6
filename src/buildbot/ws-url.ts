/**
 * Where a master's /ws endpoint is: next to /api/v2 under the web root, with the scheme
 * swapped (http -> ws, https -> wss). Credentials in the configured URL are dropped: /ws needs
 * no login in Buildbot 3.7 (docs/buildbot-api.md), and the URL gets logged.
 */
export function webSocketUrl(webRoot: string): string {
  const url = new URL(webRoot);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RangeError(`the master URL must be http(s)://..., not ${url.protocol}//...`);
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  const ws = new URL('ws', url);
  ws.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  ws.username = '';
  ws.password = '';
  ws.search = '';
  ws.hash = '';
  return ws.toString();
}

/** A port on 127.0.0.1: `preferred` when it is free (easy to type), else any free one. */
import { createServer } from 'node:net';

function listenOn(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : null;
      server.close(() => resolve(bound));
    });
  });
}

export async function freePort(preferred: number): Promise<number> {
  const port = (await listenOn(preferred)) ?? (await listenOn(0));
  if (port === null) throw new Error('no free port on 127.0.0.1');
  return port;
}

/**
 * A loopback port in front of a server that the test opens, shuts and cuts, to make the server
 * look down without touching it:
 * - shut(): a new connection is accepted and closed at once; connections already through stay.
 *   Tests that restart a server use it to decide when the bot may come back, instead of racing
 *   the bot's reconnect timer (a listener must be in place before the bot says anything).
 * - cut(): nothing listens on the port any more, so a new connection is refused
 *   (ECONNREFUSED), and every connection through the gate is closed, as when a front end of a
 *   Buildbot cluster goes away.
 * - open(): connections reach the server again, on the same port.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

type State = 'open' | 'shut' | 'cut';

export class TcpGate {
  readonly host = '127.0.0.1';
  private state: State = 'open';
  private readonly sockets = new Set<Socket>();
  private piped = 0;

  private constructor(
    private server: Server,
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  /** A gate on a free loopback port in front of TARGET, open. */
  static async start(target: { host: string; port: number }): Promise<TcpGate> {
    const server = await listen(0);
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the gate has no port');
    const gate = new TcpGate(server, address.port, target);
    gate.serve();
    return gate;
  }

  /** The gate's own address as a URL base, e.g. http://127.0.0.1:PORT/ for a web server. */
  url(scheme = 'http'): string {
    return `${scheme}://${this.host}:${this.port}/`;
  }

  /** How many connections the gate has piped to the server so far. */
  get connections(): number {
    return this.piped;
  }

  /** New connections reach the server from now on; after cut(), the gate listens again first. */
  async open(): Promise<void> {
    if (this.state === 'cut') {
      this.server = await listen(this.port);
      this.serve();
    }
    this.state = 'open';
  }

  /** New connections are closed at once; connections already through stay. */
  shut(): void {
    if (this.state === 'open') this.state = 'shut';
  }

  /** New connections are refused and every connection through the gate is closed. */
  async cut(): Promise<void> {
    if (this.state === 'cut') return;
    this.state = 'cut';
    await this.stopServing();
  }

  async close(): Promise<void> {
    if (this.state !== 'cut') await this.stopServing();
    this.state = 'cut';
  }

  private serve(): void {
    this.server.on('connection', (client) => this.accept(client));
  }

  private async stopServing(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private accept(client: Socket): void {
    if (this.state !== 'open') {
      client.destroy();
      return;
    }
    this.piped += 1;
    const upstream = connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    }
    // either side ending or failing ends the other, as a direct connection would
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }
}

/** A server listening on 127.0.0.1:PORT (0: any free port). */
async function listen(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

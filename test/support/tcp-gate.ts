/**
 * A loopback port in front of a server that the test opens and shuts: while shut, a new
 * connection is closed at once (the server looks down); while open, it is piped to the server.
 * Tests that restart a server use it to decide when the bot may come back, instead of racing
 * the bot's reconnect timer (a listener must be in place before the bot says anything).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export class TcpGate {
  readonly host = '127.0.0.1';
  private isOpen = true;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  static async start(target: { host: string; port: number }): Promise<TcpGate> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the gate has no port');
    return new TcpGate(server, address.port, target);
  }

  /** New connections reach the server from now on. */
  open(): void {
    this.isOpen = true;
  }

  /** New connections are closed at once; connections already through stay. */
  shut(): void {
    this.isOpen = false;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (!this.isOpen) {
      client.destroy();
      return;
    }
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

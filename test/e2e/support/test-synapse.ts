/**
 * A real Matrix homeserver (Synapse, test/matrix/) for end-to-end tests, and test users that
 * talk to it over the client-server API as a Matrix client would: users are registered with
 * the homeserver's shared secret (Synapse's /_synapse/admin/v1/register), rooms made, messages
 * sent and read back with plain HTTP.
 */
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { vi } from 'vitest';
import { runScript } from './run-script.js';

export interface TestSynapse {
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  /** Its folder (inside the Synapse chroot): homeserver.yaml, homeserver.db, synapse.log. */
  dir: string;
}

/** Starts Synapse in a new folder, or again in `dir` (same port, users and rooms). */
export async function startSynapse(options: { dir?: string; env?: Record<string, string> } = {}): Promise<TestSynapse> {
  // The first call on a fresh machine installs Synapse (minutes); start-up is seconds.
  const last = await runScript('test/matrix/start-synapse.sh', options.dir ? [options.dir] : [], { env: options.env ?? {}, timeoutMs: 1_500_000 });
  const match = /^(http:\/\/127\.0\.0\.1:\d+) (\/.+)$/.exec(last);
  if (!match?.[1] || !match[2]) throw new Error(`start-synapse.sh printed ${JSON.stringify(last)} instead of "URL DIR"`);
  return { url: match[1], dir: match[2] };
}

export async function stopSynapse(dir: string, options: { remove?: boolean } = {}): Promise<void> {
  await runScript('test/matrix/stop-synapse.sh', options.remove ? [dir, '--remove'] : [dir]);
}

export interface MatrixEventJson {
  event_id: string;
  type: string;
  sender: string;
  state_key?: string;
  origin_server_ts: number;
  content: Record<string, unknown>;
}

class MatrixHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body}`);
  }
}

/** One request to the homeserver; JSON in and out. */
async function call<T>(url: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new MatrixHttpError(response.status, text, `${method} ${path}`);
  return JSON.parse(text) as T;
}

/** Registers NAME with the shared secret (no open registration needed) and logs it in. */
export async function registerUser(synapse: TestSynapse, name: string, password = `${name}-password`): Promise<MatrixTestUser> {
  const secret = (await readFile(join(synapse.dir, 'registration-secret'), 'utf8')).trim();
  const { nonce } = await call<{ nonce: string }>(synapse.url, 'GET', '/_synapse/admin/v1/register');
  const mac = createHmac('sha1', secret).update(`${nonce}\0${name}\0${password}\0notadmin`).digest('hex');
  await call(synapse.url, 'POST', '/_synapse/admin/v1/register', undefined, { nonce, username: name, password, admin: false, mac });
  return login(synapse, name, password);
}

/** The cast of the Matrix e2e files: the bot's account, alice, who creates the room, and bob, a member of it. */
export interface MatrixRoomStage {
  synapse: TestSynapse;
  botUser: MatrixTestUser;
  alice: MatrixTestUser;
  bob: MatrixTestUser;
  roomId: string;
}

/** Starts Synapse, registers buildbot, alice and bob, and has alice create `#ALIAS:localhost` with bob in it. */
export async function startMatrixRoom(alias: string): Promise<MatrixRoomStage> {
  const synapse = await startSynapse();
  const botUser = await registerUser(synapse, 'buildbot');
  const alice = await registerUser(synapse, 'alice');
  const bob = await registerUser(synapse, 'bob');
  const roomId = await alice.createRoom({ alias });
  await bob.join(roomId);
  return { synapse, botUser, alice, bob, roomId };
}

export async function login(synapse: TestSynapse, name: string, password = `${name}-password`): Promise<MatrixTestUser> {
  const session = await call<{ access_token: string; user_id: string }>(synapse.url, 'POST', '/_matrix/client/v3/login', undefined, {
    type: 'm.login.password',
    identifier: { type: 'm.id.user', user: name },
    password,
  });
  return new MatrixTestUser(synapse.url, session.user_id, session.access_token);
}

const room = (id: string) => encodeURIComponent(id);

export class MatrixTestUser {
  private txn = 0;

  constructor(
    readonly url: string,
    readonly userId: string,
    readonly accessToken: string,
  ) {}

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return call<T>(this.url, method, `/_matrix/client/v3${path}`, this.accessToken, body);
  }

  async createRoom(options: { alias?: string; invite?: string[]; preset?: 'public_chat' | 'private_chat' | 'trusted_private_chat'; isDirect?: boolean; encrypted?: boolean } = {}): Promise<string> {
    const body = {
      preset: options.preset ?? 'public_chat',
      ...(options.alias ? { room_alias_name: options.alias } : {}),
      ...(options.invite ? { invite: options.invite } : {}),
      ...(options.isDirect ? { is_direct: true } : {}),
      ...(options.encrypted ? { initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }] } : {}),
    };
    return (await this.call<{ room_id: string }>('POST', '/createRoom', body)).room_id;
  }

  async invite(roomId: string, userId: string): Promise<void> {
    await this.call('POST', `/rooms/${room(roomId)}/invite`, { user_id: userId });
  }

  async join(roomIdOrAlias: string): Promise<string> {
    return (await this.call<{ room_id: string }>('POST', `/join/${room(roomIdOrAlias)}`, {})).room_id;
  }

  async kick(roomId: string, userId: string): Promise<void> {
    await this.call('POST', `/rooms/${room(roomId)}/kick`, { user_id: userId, reason: 'test' });
  }

  /** Sends a text message, as a person types it; returns its event id. */
  async say(roomId: string, body: string): Promise<string> {
    const path = `/rooms/${room(roomId)}/send/m.room.message/t${Date.now()}-${++this.txn}`;
    return (await this.call<{ event_id: string }>('PUT', path, { msgtype: 'm.text', body })).event_id;
  }

  /** Sends any event (the tests fake an encrypted one); returns its event id. */
  async sendEvent(roomId: string, type: string, content: Record<string, unknown>): Promise<string> {
    const path = `/rooms/${room(roomId)}/send/${encodeURIComponent(type)}/t${Date.now()}-${++this.txn}`;
    return (await this.call<{ event_id: string }>('PUT', path, content)).event_id;
  }

  async setPowerLevel(roomId: string, userId: string, level: number): Promise<void> {
    const path = `/rooms/${room(roomId)}/state/m.room.power_levels/`;
    const levels = await this.call<{ users?: Record<string, number> }>('GET', path);
    await this.call('PUT', path, { ...levels, users: { ...levels.users, [userId]: level } });
  }

  /** The bot's membership in a room, as this user sees it. */
  async membership(roomId: string, userId: string): Promise<string | undefined> {
    try {
      const member = await this.call<{ membership: string }>('GET', `/rooms/${room(roomId)}/state/m.room.member/${room(userId)}`);
      return member.membership;
    } catch (error) {
      if (error instanceof MatrixHttpError && error.status === 404) return undefined;
      throw error;
    }
  }

  async waitForMembership(roomId: string, userId: string, membership: 'join' | 'leave' | 'invite', timeoutMs = 30_000): Promise<void> {
    await vi.waitFor(
      async () => {
        const now = await this.membership(roomId, userId);
        if (now !== membership) throw new Error(`${userId} is ${now ?? 'not'} in ${roomId}, not ${membership}`);
      },
      { timeout: timeoutMs, interval: 250 },
    );
  }

  /** The room's latest events, oldest first (up to 200). */
  async events(roomId: string): Promise<MatrixEventJson[]> {
    const page = await this.call<{ chunk: MatrixEventJson[] }>('GET', `/rooms/${room(roomId)}/messages?dir=b&limit=200`);
    return page.chunk.reverse();
  }

  /** The bytes of an mxc:// URI from the media repository (authenticated media, spec v1.11). */
  async download(mxc: string): Promise<Buffer> {
    const match = /^mxc:\/\/([^/]+)\/([^/]+)$/.exec(mxc);
    if (!match) throw new Error(`not an mxc URI: ${mxc}`);
    const response = await fetch(`${this.url}/_matrix/client/v1/media/download/${match[1]}/${match[2]}`, { headers: { authorization: `Bearer ${this.accessToken}` } });
    if (!response.ok) throw new MatrixHttpError(response.status, await response.text(), `download ${mxc}`);
    return Buffer.from(await response.arrayBuffer());
  }

  /** Messages from `sender` in the room, oldest first. */
  async messagesFrom(roomId: string, sender: string): Promise<MatrixEventJson[]> {
    return (await this.events(roomId)).filter((event) => event.type === 'm.room.message' && event.sender === sender);
  }

  /** Says `line` and waits for `bot`'s message after it whose plain body matches `answer`. */
  async ask(roomId: string, line: string, bot: string, answer: RegExp): Promise<MatrixEventJson> {
    const sent = await this.say(roomId, line);
    return this.waitForMessage(roomId, bot, answer, { after: sent });
  }

  /** Waits until a message from `sender` whose plain body matches arrives; returns it. */
  async waitForMessage(roomId: string, sender: string, body: RegExp, options: { after?: string; timeoutMs?: number } = {}): Promise<MatrixEventJson> {
    return vi.waitFor(
      async () => {
        const events = await this.events(roomId);
        const start = options.after === undefined ? 0 : events.findIndex((event) => event.event_id === options.after) + 1;
        const found = events.slice(start).find((event) => event.type === 'm.room.message' && event.sender === sender && body.test(String(event.content.body)));
        if (!found) throw new Error(`no message from ${sender} matching ${body} in ${roomId} yet`);
        return found;
      },
      { timeout: options.timeoutMs ?? 30_000, interval: 250 },
    );
  }
}

/**
 * Types for irc-framework 4.14, which ships none (upstream request kiwiirc/irc-framework#166).
 * Only what buildbot-chat uses is typed; names and event shapes are taken from the package
 * source (src/client.js, src/connection.js, src/networkinfo.js, src/commands/handlers/*.js).
 * The package is CommonJS with `module.exports.Client = ...`, so both
 * `import IRC from 'irc-framework'` (IRC.Client) and `import { Client } from 'irc-framework'` work.
 */
declare module 'irc-framework' {
  /** IRCv3 message tags; keys are lower-cased by the parser, values unescaped ('' when bare). */
  export type MessageTags = Record<string, string>;

  export interface ClientOptions {
    host?: string;
    /** Default 6667. */
    port?: number;
    nick?: string;
    /** The ident (USER); default 'ircbot'. */
    username?: string;
    /** The real name (USER); default 'ircbot'. */
    gecos?: string;
    /** Server password (PASS). Also used for SASL PLAIN as nick/password when `account` is unset. */
    password?: string;
    tls?: boolean;
    /** Passed to tls.connect; Node's default (true) verifies the certificate and host name. */
    rejectUnauthorized?: boolean;
    client_certificate?: { private_key: string; certificate: string };
    /**
     * SASL PLAIN credentials. An object without `account` ({}) turns SASL off even when
     * `password` is set; leaving this out makes irc-framework try SASL with nick + password.
     */
    account?: { account?: string; password?: string };
    /** 'PLAIN' (default) or 'EXTERNAL' (client certificate). */
    sasl_mechanism?: string;
    /** Close the connection when SASL fails instead of registering unauthenticated. */
    sasl_disconnect_on_fail?: boolean;
    /**
     * Default true, 3 tries; only after a link was registered for over 5 s, never after a failed
     * first connection, and channels are not rejoined (measured, see notes/dependencies.md).
     */
    auto_reconnect?: boolean;
    auto_reconnect_max_retries?: number;
    auto_reconnect_max_wait?: number;
    enable_chghost?: boolean;
    enable_setname?: boolean;
    enable_echomessage?: boolean;
    /** Bytes per say()/notice() block before irc-framework splits it; default 350. */
    message_max_length?: number;
    /** Seconds between client PINGs (default 30) and before a silent link is dropped (120). */
    ping_interval?: number;
    ping_timeout?: number;
    /** Answer to CTCP VERSION; null or '' answers nothing. */
    version?: string | null;
    encoding?: string;
    outgoing_addr?: string;
  }

  export interface User {
    nick: string;
    username: string;
    gecos: string;
    host: string;
    away: boolean;
    modes: Set<string>;
  }

  export interface NetworkInfo {
    name: string;
    server: string;
    /** ISUPPORT tokens as parsed (string, string[], true, or PREFIX's {symbol, mode}[]). */
    options: Record<string, unknown>;
    cap: {
      negotiating: boolean;
      requested: string[];
      enabled: string[];
      /** Capability name to its value ('' when none) as offered by CAP LS. */
      available: Map<string, string>;
      isEnabled(capName: string): boolean;
    };
    /** One ISUPPORT token (case-insensitive name), e.g. supports('NICKLEN') === '30'. */
    supports(name: string): unknown;
    isChannelName(name: string): boolean;
  }

  interface UserMask {
    nick: string;
    ident: string;
    hostname: string;
  }

  /** 'message' is emitted for every privmsg, notice and action, with its kind in `type`. */
  export interface MessageEvent extends UserMask {
    type: 'privmsg' | 'notice' | 'action';
    /** True for server notices (no nick in the prefix). */
    from_server: boolean;
    /** A channel or our own nick. A STATUSMSG prefix (@#chan) is moved to `group`. */
    target: string;
    group?: string;
    message: string;
    tags: MessageTags;
    time?: number;
    /** The sender's services account from the account-tag capability, when the server sends it. */
    account?: string;
    /** Replies to the channel, or to the sender when the message was private. */
    reply(text: string): void;
  }

  export interface RegisteredEvent {
    nick: string;
    tags: MessageTags;
  }

  export interface JoinEvent extends UserMask {
    channel: string;
    gecos: string;
    /** Only with extended-join: the account, or false when not logged in. */
    account?: string | false;
    time?: number;
    tags: MessageTags;
  }

  export interface PartEvent extends UserMask {
    channel: string;
    message: string;
    time?: number;
    tags: MessageTags;
  }

  export interface KickEvent extends UserMask {
    /** The nick that was kicked; `nick` is who kicked. */
    kicked: string;
    channel: string;
    message: string;
    time?: number;
    tags: MessageTags;
  }

  export interface QuitEvent extends UserMask {
    message: string;
    time?: number;
    tags: MessageTags;
  }

  export interface NickEvent extends UserMask {
    new_nick: string;
    time?: number;
    tags: MessageTags;
  }

  export interface NickInUseEvent {
    nick: string;
    reason: string;
    tags: MessageTags;
  }

  export interface ReconnectingEvent {
    attempt: number;
    max_retries: number;
    /** Milliseconds until the next try. */
    wait: number;
  }

  export interface UserlistEvent {
    channel: string;
    users: Array<UserMask & { modes: string[]; tags: MessageTags }>;
    tags: MessageTags;
  }

  export interface ModeEvent {
    target: string;
    /** Who set the modes (a nick, or a server name). */
    nick: string;
    /** One entry per mode letter: mode like '+o', param like a nick, or null. */
    modes: Array<{ mode: string; param: string | null }>;
    raw_modes: string;
    raw_params: string[];
    time?: number;
    tags: MessageTags;
  }

  /** From account-notify, RPL_LOGGEDIN (900) and RPL_LOGGEDOUT (901). */
  export interface AccountEvent extends UserMask {
    /** false when logged out. */
    account: string | false;
    time?: number;
    tags: MessageTags;
  }

  export interface SaslFailedEvent {
    reason: 'fail' | 'nick_locked' | 'too_long' | 'unsupported_mechanism' | 'capability_missing';
    message?: string;
    nick?: string;
    time?: number;
    tags?: MessageTags;
  }

  /**
   * ERROR from the server (error 'irc', e.g. reason "Closing Link: ... (Excess Flood)") and
   * error numerics: 'password_mismatch', 'no_such_nick', 'cannot_send_to_channel',
   * 'channel_is_full', 'invite_only_channel', 'banned_from_channel', 'bad_channel_key', ...
   */
  export interface IrcErrorEvent {
    error: string;
    reason?: string;
    channel?: string;
    nick?: string;
    command?: string;
  }

  export interface RawEvent {
    /** Without CRLF. */
    line: string;
    from_server: boolean;
  }

  export interface WhoisEvent {
    nick: string;
    ident?: string;
    hostname?: string;
    real_name?: string;
    /** Services account (RPL_WHOISACCOUNT 330). */
    account?: string;
    /** Set to 'not_found' when the nick is not online. */
    error?: string;
    channels?: string;
    server?: string;
    [key: string]: unknown;
  }

  export interface ClientEvents {
    registered: (event: RegisteredEvent) => void;
    connected: (event: RegisteredEvent) => void;
    message: (event: MessageEvent) => void;
    privmsg: (event: MessageEvent) => void;
    notice: (event: MessageEvent) => void;
    action: (event: MessageEvent) => void;
    join: (event: JoinEvent) => void;
    part: (event: PartEvent) => void;
    kick: (event: KickEvent) => void;
    quit: (event: QuitEvent) => void;
    nick: (event: NickEvent) => void;
    'nick in use': (event: NickInUseEvent) => void;
    'nick invalid': (event: NickInUseEvent) => void;
    /** The connection is gone for good (no more auto_reconnect tries). */
    close: (hadError: boolean) => void;
    /** Every socket close, including ones followed by 'reconnecting'; the error if there was one. */
    'socket close': (error: Error | false) => void;
    'socket connected': () => void;
    reconnecting: (event: ReconnectingEvent) => void;
    'ping timeout': () => void;
    /** A PONG; `message` is the token of the PING it answers. */
    pong: (event: { message?: string; time?: number }) => void;
    userlist: (event: UserlistEvent) => void;
    mode: (event: ModeEvent) => void;
    account: (event: AccountEvent) => void;
    'sasl failed': (event: SaslFailedEvent) => void;
    'irc error': (event: IrcErrorEvent) => void;
    raw: (event: RawEvent) => void;
    debug: (message: string) => void;
    whois: (event: WhoisEvent) => void;
  }

  export class Client {
    constructor(options?: ClientOptions);
    readonly options: ClientOptions;
    readonly user: User;
    readonly network: NetworkInfo;
    /** True while the socket is open (registration may still be under way). */
    readonly connected: boolean;

    /** Connects with the constructor's options, or with new ones. */
    connect(options?: ClientOptions): void;
    /** Sends QUIT and closes; no auto_reconnect after this. */
    quit(message?: string): void;
    join(channel: string, key?: string): void;
    part(channel: string, message?: string): void;
    /** PRIVMSG, split at newlines and at message_max_length bytes. */
    say(target: string, text: string, tags?: MessageTags): void;
    notice(target: string, text: string, tags?: MessageTags): void;
    action(target: string, text: string): string[];
    /** Writes one line (no CRLF) to the socket at once: no flood control. */
    raw(line: string): void;
    /** Joins the words, adding ':' before a last one that holds a space or starts with ':'. */
    raw(...words: Array<string | number>): void;
    changeNick(nick: string): void;
    whois(nick: string, callback: (event: WhoisEvent) => void): void;
    /** IRC case-insensitive comparison using the server's CASEMAPPING. */
    caseCompare(a: string, b: string): boolean;
    caseLower(text: string): string;
    requestCap(cap: string | string[]): void;

    on<E extends keyof ClientEvents>(event: E, listener: ClientEvents[E]): this;
    once<E extends keyof ClientEvents>(event: E, listener: ClientEvents[E]): this;
    off<E extends keyof ClientEvents>(event: E, listener?: ClientEvents[E]): this;
    removeListener<E extends keyof ClientEvents>(event: E, listener?: ClientEvents[E]): this;
    removeAllListeners(event?: keyof ClientEvents): this;
  }

  const IRC: { Client: typeof Client };
  export default IRC;
}

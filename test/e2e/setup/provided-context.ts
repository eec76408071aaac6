/**
 * What the e2e global setup (start-servers.ts) hands to every e2e test through vitest's
 * `provide`/`inject`: `inject('buildbotUrl')` is typed by this declaration.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared real Buildbot master, e.g. http://127.0.0.1:PORT/ (trailing slash). */
    buildbotUrl: string;
    /** Its folder: master/ and worker/ with twistd.pid and twistd.log. */
    buildbotDir: string;
    /**
     * The folder of the second test master (master B), which is not running until a test asks
     * for it with sharedMasterB() (test/e2e/support/shared-master-b.ts); the teardown stops it.
     */
    buildbotDirB: string;
    /** The shared ngircd. */
    ircHost: string;
    ircPort: number;
    /** A second shared ngircd, for tests with two IRC networks. */
    ircHostB: string;
    ircPortB: number;
  }
}

export {};

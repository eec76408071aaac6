/**
 * The demo's configuration: the local master, the local IRC server, the console and the HTTP
 * endpoints, written as YAML so the user can open it and see a working example.
 */
import { writeFileSync } from 'node:fs';

export const DEMO_CHANNEL = '#buildbot-chat-demo';
export const DEMO_NICK = 'buildbot-chat';

export interface DemoSetup {
  masterUrl: string;
  ircPort: number;
  httpPort: number;
  database: string;
}

export function demoConfigYaml(setup: DemoSetup): string {
  return `# Written by \`npm run demo\`: a local Buildbot master, a local IRC server and this console.
# Every option is explained in config.example.yaml.
buildbot:
  url: ${setup.masterUrl}
database: ${JSON.stringify(setup.database)}
log:
  level: info
http:
  host: 127.0.0.1
  port: ${setup.httpPort}
console:
  user: operator
  authz:
    "": true
    "!": [operator]             # the console may force and stop builds
  confirm: [force, stop, cancel, worker] # after a question answered with yes
  notifyEvents: [finished]      # print every finished build here
irc:
  host: 127.0.0.1
  port: ${setup.ircPort}
  tls: false
  nick: ${DEMO_NICK}
  channels: ['${DEMO_CHANNEL}']
  notifyEvents: [finished]
  commandPrefix: "!"
  authz:
    "": true
    "!": true                   # a demo on loopback only: anyone here may force builds
  confirm: [force, stop, cancel, worker] # ... once they answer the bot's question with !yes
`;
}

export function writeDemoConfig(path: string, setup: DemoSetup): void {
  writeFileSync(path, demoConfigYaml(setup), { mode: 0o600 });
}

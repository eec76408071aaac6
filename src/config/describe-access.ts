/**
 * Why a file cannot be read, in terms an operator can act on: who the bot runs as, and the
 * owner, group and mode of the file and of each folder on the way that this user cannot enter.
 * A service started by systemd as its own user (packaging/buildbot-chat.service) is the usual
 * case: a folder made by root with mode 0750 keeps everyone else out.
 */
import { readFileSync, statSync, type Stats } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';

/** Node has no getpwuid/getgrgid: the names come from /etc/passwd and /etc/group, else the number. */
function nameOf(id: number, kind: 'user' | 'group'): string {
  try {
    const table = readFileSync(kind === 'user' ? '/etc/passwd' : '/etc/group', 'utf8');
    for (const line of table.split('\n')) {
      const [name, , entryId] = line.split(':');
      if (name && entryId === String(id)) return name;
    }
  } catch {
    // no such table (not a Unix system, or a sandbox without it): the number says enough
  }
  return String(id);
}

function describeStats(path: string, stats: Stats): string {
  const mode = (stats.mode & 0o7777).toString(8).padStart(4, '0');
  return `${path} is ${nameOf(stats.uid, 'user')}:${nameOf(stats.gid, 'group')} ${mode}`;
}

function currentUser(): string {
  const { username, uid, gid } = userInfo();
  const groups = (process.getgroups?.() ?? [gid]).map((group) => nameOf(group, 'group'));
  return `the bot runs as user ${username} (uid ${uid}, groups ${groups.join(',')})`;
}

/** "the bot runs as user X (...); /etc/x.yaml is 0:0 0600; /etc is ..." */
export function describeAccess(path: string): string {
  const parts = [currentUser()];
  const absolute = resolve(path);
  const folders: string[] = [];
  for (let folder = dirname(absolute); folder !== dirname(folder); folder = dirname(folder)) folders.unshift(folder);
  for (const folder of folders) {
    try {
      const stats = statSync(folder);
      // A folder the user may not enter (x) is the usual culprit: name each one.
      if (!canEnter(stats)) parts.push(`the folder ${describeStats(folder, stats)}`);
    } catch {
      break;
    }
  }
  try {
    parts.push(describeStats(absolute, statSync(absolute)));
  } catch {
    // the file's own details are hidden behind a folder already named
  }
  const user = userInfo().username;
  return `${parts.join('; ')}: let ${user} read it, e.g. chgrp ${user} on the file (mode 0640) and on its folder (mode 0750)`;
}

function canEnter(stats: Stats): boolean {
  const uid = process.getuid?.();
  if (uid === 0) return true;
  const groups = process.getgroups?.() ?? [];
  if (stats.uid === uid) return (stats.mode & 0o100) !== 0;
  if (groups.includes(stats.gid)) return (stats.mode & 0o010) !== 0;
  return (stats.mode & 0o001) !== 0;
}

/** Resident memory of a process as Linux reports it (/proc/PID/status VmRSS). */
import { readFileSync } from 'node:fs';
import { round1 } from './stats.js';

export function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return round1(Number(kb) / 1024);
}

/** What the figures were measured on, for results.json and the README. */
import { cpus, freemem, loadavg, release, totalmem, type } from 'node:os';
import { megabytes } from './stats.js';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryMb: number;
  os: string;
  node: string;
  /** 1-minute load average when the run started: other work on the machine skews figures. */
  loadAverage: number;
}

export function machineInfo(): MachineInfo {
  const cores = cpus();
  return {
    cpu: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    memoryMb: Math.round(megabytes(totalmem())),
    os: `${type()} ${release()}`,
    node: process.version,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

export const freeMemoryMb = (): number => Math.round(megabytes(freemem()));

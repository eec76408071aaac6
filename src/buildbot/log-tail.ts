/**
 * The last lines a step wrote to its stdio log, read from the logs API (`/logs/ID/contents`,
 * one chunk from near the end, never the whole log), as plain text: Buildbot's own header lines
 * (the command, the environment, "program finished with exit code 1") are left out, and so are
 * ANSI colour codes and other control characters, which chats would show as garbage.
 */
import type { BuildbotClient } from './client.js';
import { EXCEPTION, FAILURE, SUCCESS } from './results.js';
import type { Step } from './schemas.js';

export interface LogTail {
  step: string;
  stepNumber: number;
  /** The tail, oldest line first; empty when the step wrote nothing. */
  lines: string[];
  /** The whole log as text, for a pointer to it. */
  rawUrl: string | null;
}

/** Buildbot's own lines around a step's output are read past, within this many extra lines. */
const HEADER_ALLOWANCE = 20;

// CSI (colours, cursor moves), OSC (titles, links) and two-character escapes.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function cleanLogLine(line: string): string {
  // a carriage return redraws the line (progress bars): what shows is what follows the last one
  const shown = line.replace(ANSI, '').split('\r').filter((part) => part !== '').at(-1) ?? '';
  return shown.replace(CONTROL, '').replace(/\t/g, '    ').trimEnd();
}

/** The step a failure tail shows: the last one that failed, else the last one that did not pass. */
export function failingStep(steps: Step[]): Step | undefined {
  const ordered = [...steps].sort((a, b) => a.number - b.number);
  return (
    ordered.filter((s) => s.results === FAILURE || s.results === EXCEPTION).at(-1) ??
    ordered.filter((s) => s.results !== null && s.results !== SUCCESS).at(-1)
  );
}

export async function readLogTail(client: BuildbotClient, buildid: number, step: Step, count: number): Promise<LogTail> {
  const logs = await client.listStepLogs(buildid, step.number);
  const log = logs.find((l) => l.slug === 'stdio') ?? logs[0];
  if (!log || count <= 0) return { step: step.name, stepNumber: step.number, lines: [], rawUrl: null };
  const want = count + HEADER_ALLOWANCE;
  const offset = Math.max(0, log.num_lines - want);
  const chunks = await client.readLogLines(log.logid, offset, want);
  const lines: string[] = [];
  for (const chunk of chunks) {
    for (const raw of chunk.content.split('\n')) {
      if (raw === '') continue;
      // stream logs mark each line h (header), o (stdout) or e (stderr); text logs do not
      if (log.type === 's') {
        if (raw[0] === 'h') continue;
        lines.push(cleanLogLine(raw.slice(1)));
      } else {
        lines.push(cleanLogLine(raw));
      }
    }
  }
  return {
    step: step.name,
    stepNumber: step.number,
    lines: lines.slice(-count),
    rawUrl: new URL(`api/v2/logs/${log.logid}/raw`, client.baseUrl).href,
  };
}

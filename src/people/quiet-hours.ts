/**
 * Quiet hours: a daily window like 22:00-08:00 in a time zone, which may wrap past midnight.
 * Local time comes from Intl (the zone database Node ships), so daylight saving is followed.
 */
import type { QuietHours } from '../store/chat-settings.js';

const CLOCK = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** "22:00-08:00" as minutes after midnight; null when it is not that shape. */
export function parseWindow(text: string): { from: number; to: number } | null {
  const [start, end, ...extra] = text.split('-');
  if (start === undefined || end === undefined || extra.length > 0) return null;
  const from = minutes(start);
  const to = minutes(end);
  if (from === null || to === null || from === to) return null;
  return { from, to };
}

function minutes(clock: string): number | null {
  const match = CLOCK.exec(clock.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Minutes after local midnight at `at` (ms) in `timeZone`. */
export function localMinutes(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}

export function inQuietHours(quiet: QuietHours, at: number): boolean {
  const now = localMinutes(at, quiet.timeZone);
  return quiet.from < quiet.to ? now >= quiet.from && now < quiet.to : now >= quiet.from || now < quiet.to;
}

export function formatClock(minutesAfterMidnight: number): string {
  const hours = Math.floor(minutesAfterMidnight / 60);
  return `${String(hours).padStart(2, '0')}:${String(minutesAfterMidnight % 60).padStart(2, '0')}`;
}

/**
 * Quiet hours: a daily window like 22:00-08:00 in a time zone, which may wrap past midnight.
 * Local time comes from Intl (the zone database Node ships), so daylight saving is followed.
 */
import type { QuietHours } from '../store/chat-settings.js';

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

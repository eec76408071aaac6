/** Relative times and durations for replies ("4 minutes ago", "1m 05s"). */
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400],
  ['month', 30 * 86400],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "5 seconds ago", "3 minutes ago", "yesterday"; `when` and `now` in Unix seconds. */
export function formatAgo(when: number | null | undefined, now: number = Date.now() / 1000): string {
  if (when === null || when === undefined) return 'at an unknown time';
  const elapsed = Math.max(0, now - when);
  if (elapsed < 1) return 'just now';
  for (const [unit, seconds] of UNITS) {
    if (elapsed >= seconds) return relative.format(-Math.floor(elapsed / seconds), unit);
  }
  return 'just now';
}

/** "42s", "3m 05s", "2h 07m", "3d 4h". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${pad(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

/** Reading quiet hours as typed in `quiet 22:00-08:00 Europe/Berlin`. */
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

/** An IANA zone name Node knows (its Intl zone database). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function formatClock(minutesAfterMidnight: number): string {
  const hours = Math.floor(minutesAfterMidnight / 60);
  return `${String(hours).padStart(2, '0')}:${String(minutesAfterMidnight % 60).padStart(2, '0')}`;
}

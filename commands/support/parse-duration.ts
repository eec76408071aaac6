/** "30m", "2h", "1h30m", "1d": a duration in ms, or null when it is not one. */
const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+[smhd])+$/.test(trimmed)) return null;
  let total = 0;
  for (const [, count, unit] of trimmed.matchAll(/(\d+)([smhd])/g)) total += Number(count) * (UNITS[unit ?? ''] ?? 0);
  return total > 0 ? total : null;
}

/**
 * The known name a mistyped one most likely meant, for "did you mean" hints. Case, `_` and `-`
 * are ignored first, so Buildbot's snake_case option names (`notify_events`, `chat_ids`) find
 * our camelCase ones; otherwise the nearest name within a small edit distance.
 */

function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

export function closestName(input: string, candidates: readonly string[]): string | undefined {
  const wanted = normalise(input);
  if (wanted === '') return undefined;
  const same = candidates.find((candidate) => normalise(candidate) === wanted);
  if (same !== undefined) return same;
  // One typo in a short name, two in a longer one: further than that is a different word.
  const allowed = wanted.length < 5 ? 1 : 2;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, normalise(candidate));
    if (distance <= allowed && (best === undefined || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

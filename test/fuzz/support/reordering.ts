/**
 * Characters that reorder or hide the text after them: bidi embeddings, overrides and isolates,
 * zero-width characters and marks, line and paragraph separators, the byte order mark. None of
 * them may reach a chat from text the bot did not write.
 */
export const REORDERING_CHARACTERS = [
  '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f',
  '\u2028', '\u2029', '\u061c', '\ufeff',
];

const REORDERING = new RegExp(`[${REORDERING_CHARACTERS.join('')}]`);

/** A problem naming the first such character in `text`, or null. */
export function reorderingProblem(text: string): string | null {
  const bad = REORDERING.exec(text);
  return bad ? `reordering character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} in ${JSON.stringify(text.slice(0, 120))}` : null;
}

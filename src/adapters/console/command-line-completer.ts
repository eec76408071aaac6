/**
 * Tab completion for the interactive console: the first word completes to a command name, any
 * later word to a builder name. Builder names come from the master and are kept for a while,
 * so pressing Tab does not cost a REST call each time and still works while the master is away.
 */

/** readline's completer answer: the candidates and the fragment of the line they replace. */
export type Completion = [candidates: string[], fragment: string];

export interface CompletionWords {
  commands: readonly string[];
  builders: readonly string[];
}

export function completeLine(line: string, words: CompletionWords): Completion {
  const fragment = /(\S*)$/.exec(line)?.[1] ?? '';
  const isFirstWord = line.slice(0, line.length - fragment.length).trim() === '';
  const pool = isFirstWord ? words.commands : words.builders;
  const matches = [...new Set(pool)].filter((word) => word.startsWith(fragment)).sort();
  // One match: complete it and the space after it, ready for the next word.
  return [matches.length === 1 ? [`${matches[0]} `] : matches, fragment];
}

export interface CompleterSources {
  commands: () => readonly string[];
  builders: () => Promise<readonly string[]>;
  /** How long builder names are reused (default 30 s). */
  ttlMs?: number;
  now?: () => number;
}

export function commandLineCompleter(sources: CompleterSources): (line: string) => Promise<Completion> {
  const { ttlMs = 30_000, now = Date.now } = sources;
  let builders: { names: readonly string[]; at: number } = { names: [], at: -Infinity };
  const builderNames = async (): Promise<readonly string[]> => {
    if (now() - builders.at < ttlMs) return builders.names;
    try {
      builders = { names: await sources.builders(), at: now() };
    } catch {
      // The master is away: keep the names known from before, and do not ask again at each Tab.
      builders = { names: builders.names, at: now() };
    }
    return builders.names;
  };
  return async (line) => completeLine(line, { commands: sources.commands(), builders: await builderNames() });
}

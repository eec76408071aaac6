/**
 * Findings of a fuzz run, by rule, each with what it takes to repeat it: the seed, the case
 * number, who said what where. Only the first few of a rule are kept in full.
 */
export interface CaseInfo {
  index: number;
  lane: string;
  platform: string;
  user: string;
  kind: string;
  line: string;
}

export class Violations {
  private readonly byRule = new Map<string, { count: number; examples: string[] }>();

  constructor(
    private readonly seed: number,
    private readonly keep = 5,
  ) {}

  add(rule: string, info: CaseInfo, detail: string): void {
    const entry = this.byRule.get(rule) ?? { count: 0, examples: [] };
    entry.count += 1;
    if (entry.examples.length < this.keep) {
      const line = info.line.length > 200 ? `${info.line.slice(0, 200)}… (${info.line.length} chars)` : info.line;
      entry.examples.push(
        `case ${info.index} (${info.lane} lane, ${info.kind}) on ${info.platform} as ${JSON.stringify(info.user)}: ${JSON.stringify(line)}\n    ${detail}`,
      );
    }
    this.byRule.set(rule, entry);
  }

  /** A report for one rule: empty when it held. */
  report(rule: string): string {
    const entry = this.byRule.get(rule);
    if (!entry) return '';
    return `${entry.count} violation(s) of "${rule}" (repeat with FUZZ_SEED=${this.seed}):\n  ${entry.examples.join('\n  ')}`;
  }
}

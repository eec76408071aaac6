/** A plain text table for the terminal: one row per figure. */
export type Row = [benchmark: string, figure: string, value: string];

export function formatTable(rows: readonly Row[]): string {
  const header: Row = ['benchmark', 'figure', 'value'];
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => row[column]?.length ?? 0)));
  const line = (row: Row) => row.map((cell, column) => (column === 2 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Rows as aligned columns for a terminal (first row = header), two spaces between columns. */
export function textTable(rows: string[][]): string {
  if (rows.length === 0) return '';
  const width = (s: string) => [...s].length;
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => width(r[c] ?? ''))));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell + ' '.repeat(Math.max(0, widths[c]! - width(cell))))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Help text of every `--db` option. */
export const DB_HELP = 'database file (default: $AGRISPRAY_DB, else the app data folder)';

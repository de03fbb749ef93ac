/** One record of a CSV file with the line it starts on (1-based). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Parses CSV text (RFC 4180: quoted fields with doubled quotes, CRLF or LF, a leading BOM).
 * The delimiter is `,` unless the first line has `;` and no `,` (spreadsheets in locales with a
 * decimal comma, such as Vietnamese, export with `;`). Blank lines are skipped.
 */
export function parseCsv(text: string): { delimiter: ',' | ';'; records: CsvRecord[] } {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const records: CsvRecord[] = [];
  let line = 1;
  let recLine = 1;
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ line: recLine, fields });
    fields = [];
    field = '';
  };
  while (i < src.length) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      recLine = line;
    } else {
      field += c;
    }
    i++;
  }
  if (quoted) throw new Error(`CSV line ${recLine}: a quoted field is not closed`);
  if (field !== '' || fields.length > 0) endRecord();
  return { delimiter, records };
}

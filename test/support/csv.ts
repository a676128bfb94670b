/** Reading CSV downloads in tests (the customers export, inventory reports). */
import type { Response } from 'supertest';
import type { TestApp } from './app.js';

/** Parses RFC 4180 text (quoted cells, doubled quotes, CRLF, line breaks inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) throw new Error(`the last line does not end with CRLF: ${JSON.stringify(row)}`);
  return rows;
}

/** GET a download whole, as bytes (supertest would otherwise try to parse text/csv). */
export function download(t: TestApp, path: string, query: Record<string, unknown>, auth: Record<string, string>) {
  return t.http
    .get(path)
    .query(query)
    .set(auth)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

/** A CSV download's rows, header first, without the byte-order mark (which it must start with). */
export function csvRows(res: Response): string[][] {
  const text = (res.body as Buffer).toString('utf8');
  if (!text.startsWith('\uFEFF')) throw new Error('the CSV does not start with a byte-order mark');
  return parseCsv(text.slice(1));
}

import { isUtf8 } from 'node:buffer';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { pipeline, Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { ImportFileError } from './import-problem.js';

/** `fieldCount` differs from `headerCount` when a line has too many or too few fields. */
export type CsvRecord = { line: number; cells: Record<string, string>; raw: string[]; fieldCount: number; headerCount: number };

export type CsvColumns = { required: readonly string[]; optional: readonly string[] };

/**
 * The longest line (record) read, in bytes: far above any valid row (the longest, a guide entry, is about 5 KB),
 * so one giant cell or a quote that is never closed cannot make the parser hold the rest of the file in memory.
 */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * Streams a CSV file as records keyed by header name. UTF-8 with or without BOM; `,` or `;` detected from the
 * header line. A file that is not UTF-8, or whose header lacks a required column or has an unknown one, is refused
 * as a whole, naming the line and column at fault.
 */
export async function* readCsv(path: string, file: string, columns: CsvColumns): AsyncGenerator<CsvRecord> {
  const delimiter = detectDelimiter(readHead(path));
  // Without quotes no record can span lines, so line numbers can be counted here; csv-parse's per-record `info`
  // snapshot (a large share of parse time) is only needed when a quoted field might hold a line break.
  const quoted = await containsQuote(path);
  const parser = parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: quoted, info: quoted, max_record_size: MAX_LINE_BYTES });
  pipeline(createReadStream(path), utf8Guard(file, path), parser, () => {});
  let header: string[] | null = null;
  let line = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } } | string[]>) {
      let record: string[];
      if (quoted) {
        ({ record, info: { lines: line } } = item as { record: string[]; info: { lines: number } });
      } else {
        record = item as string[];
        line++;
        if (record.length === 1 && record[0] === '') continue;
      }
      if (!header) {
        header = checkHeader(record, file, columns);
        continue;
      }
      const cells: Record<string, string> = {};
      header.forEach((name, index) => {
        cells[name] = record[index] ?? '';
      });
      for (const name of columns.optional) cells[name] ??= '';
      yield { line, cells, raw: record, fieldCount: record.length, headerCount: header.length };
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const { lines = 0, code } = error as { lines?: number; code?: string };
    if (code === 'CSV_MAX_RECORD_SIZE') {
      throw new ImportFileError({ file, line: lines, column: null, message: `læsningen stoppede her: rækken er længere end ${MAX_LINE_BYTES / 1024} KB (højst ${MAX_LINE_BYTES} bytes pr. række). Er et anførselstegn ikke lukket?` });
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new ImportFileError({ file, line: lines, column: null, message: `filen kan ikke læses som CSV (${message}); tjek anførselstegn` });
  } finally {
    parser.destroy();
  }
  if (!header) throw new ImportFileError({ file, line: 1, column: null, message: 'filen er tom (der skal mindst være en overskriftslinje)' });
}

async function containsQuote(path: string): Promise<boolean> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    if ((chunk as Buffer).includes(0x22)) return true;
  }
  return false;
}

function readHead(path: string): string {
  const buffer = Buffer.alloc(64 * 1024);
  const fd = openSync(path, 'r');
  try {
    const bytes = readSync(fd, buffer, 0, buffer.length, 0);
    return new TextDecoder('utf-8').decode(buffer.subarray(0, bytes));
  } finally {
    closeSync(fd);
  }
}

function detectDelimiter(head: string): ',' | ';' {
  const firstLine = head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const semicolons = firstLine.split(';').length - 1;
  const commas = firstLine.split(',').length - 1;
  return semicolons > commas ? ';' : ',';
}

/**
 * Passes the bytes through unchanged (csv-parse decodes fields itself) after checking they are UTF-8; a sequence cut
 * by a chunk boundary is held back until the next chunk. The first invalid byte fails the file with its line.
 */
function utf8Guard(file: string, path: string): Transform {
  let carry: Buffer = Buffer.alloc(0);
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const complete = bytes.length - incompleteTail(bytes);
      const body = bytes.subarray(0, complete);
      if (!isUtf8(body)) return callback(notUtf8(file, path, offset + firstInvalidByte(body)));
      carry = Buffer.from(bytes.subarray(complete));
      offset += complete;
      callback(null, body);
    },
    flush(callback) {
      callback(carry.length > 0 ? notUtf8(file, path, offset) : null);
    },
  });
}

/** How many bytes at the end start a multi-byte character that continues in the next chunk (0–3). */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

function firstInvalidByte(bytes: Buffer): number {
  for (let index = 0; index < bytes.length; ) {
    const lead = bytes[index]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || !isUtf8(bytes.subarray(index, index + length))) return index;
    index += length;
  }
  return bytes.length;
}

/** The line of a byte offset, counted by re-reading the file (only on this error path). */
function lineAt(path: string, offset: number): number {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(1 << 20);
  let line = 1;
  try {
    for (let position = 0; position < offset; ) {
      const read = readSync(fd, buffer, 0, Math.min(buffer.length, offset - position), position);
      if (read === 0) break;
      for (let index = buffer.indexOf(0x0a); index !== -1 && index < read; index = buffer.indexOf(0x0a, index + 1)) line++;
      position += read;
    }
  } finally {
    closeSync(fd);
  }
  return line;
}

function notUtf8(file: string, path: string, offset: number): ImportFileError {
  return new ImportFileError({
    file,
    line: lineAt(path, offset),
    column: null,
    message: 'filen er ikke UTF-8 (den er måske gemt som Windows-1252/Latin-1, fx fra Excel). Gem den som "CSV UTF-8" og prøv igen',
  });
}

function checkHeader(record: string[], file: string, columns: CsvColumns): string[] {
  const names = record.map((name) => name.trim().toLowerCase());
  const known = [...columns.required, ...columns.optional];
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new ImportFileError({ file, line: 1, column: name, message: 'kolonnen står to gange i overskriften' });
    seen.add(name);
    if (!known.includes(name)) {
      throw new ImportFileError({ file, line: 1, column: name || '(tom)', message: `ukendt kolonne (kendte kolonner: ${known.join(', ')})` });
    }
  }
  const missing = columns.required.filter((name) => !seen.has(name));
  if (missing.length > 0) {
    throw new ImportFileError({
      file,
      line: 1,
      column: missing.join(', '),
      message: `${missing.length === 1 ? 'kolonnen mangler' : 'kolonnerne mangler'} i overskriften (overskriften blev læst som: ${names.join(' | ')})`,
    });
  }
  return names;
}

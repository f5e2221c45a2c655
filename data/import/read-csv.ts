import { closeSync, openSync, readSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { pipeline, Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { ImportFileError } from './import-problem.js';

/** `fieldCount` differs from `headerCount` when a line has too many or too few fields. */
export type CsvRecord = { line: number; cells: Record<string, string>; raw: string[]; fieldCount: number; headerCount: number };

export type CsvColumns = { required: readonly string[]; optional: readonly string[] };

/**
 * Streams a CSV file as records keyed by header name. UTF-8 with or without BOM; `,` or `;` detected from the
 * header line. A file that is not UTF-8, or whose header lacks a required column or has an unknown one, is refused
 * as a whole, naming the line and column at fault.
 */
export async function* readCsv(path: string, file: string, columns: CsvColumns): AsyncGenerator<CsvRecord> {
  const delimiter = detectDelimiter(readHead(path));
  const parser = parse({ delimiter, relax_column_count: true, skip_empty_lines: true, info: true });
  pipeline(createReadStream(path), utf8Guard(file), parser, () => {});
  let header: string[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = checkHeader(record, file, columns);
        continue;
      }
      const cells: Record<string, string> = {};
      header.forEach((name, index) => {
        cells[name] = record[index] ?? '';
      });
      for (const name of columns.optional) cells[name] ??= '';
      yield { line: info.lines, cells, raw: record, fieldCount: record.length, headerCount: header.length };
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const lines = (error as { lines?: number }).lines ?? 0;
    const message = error instanceof Error ? error.message : String(error);
    throw new ImportFileError({ file, line: lines, column: null, message: `filen kan ikke læses som CSV (${message}); tjek anførselstegn` });
  } finally {
    parser.destroy();
  }
  if (!header) throw new ImportFileError({ file, line: 1, column: null, message: 'filen er tom (der skal mindst være en overskriftslinje)' });
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

/** Bytes → text, refusing the first byte sequence that is not UTF-8 (with its line number). Strips a BOM. */
function utf8Guard(file: string): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let linesBefore = 0;
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _encoding, callback) {
      try {
        const text = decoder.decode(chunk, { stream: true });
        linesBefore += countNewlines(text);
        callback(null, text);
      } catch {
        callback(notUtf8(file, linesBefore, chunk));
      }
    },
    flush(callback) {
      try {
        callback(null, decoder.decode());
      } catch {
        callback(notUtf8(file, linesBefore, Buffer.alloc(0)));
      }
    },
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

function notUtf8(file: string, linesBefore: number, chunk: Buffer): ImportFileError {
  const lenient = new TextDecoder('utf-8').decode(chunk);
  const badAt = lenient.indexOf('\uFFFD');
  const line = linesBefore + countNewlines(badAt >= 0 ? lenient.slice(0, badAt) : lenient) + 1;
  return new ImportFileError({
    file,
    line,
    column: null,
    message: 'filen er ikke UTF-8 (den er måske gemt som Windows-1252/Latin-1, fx fra Excel). Gem den som "CSV UTF-8" og prøv igen',
  });
}

function countNewlines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
}

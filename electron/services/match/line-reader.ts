// runtime: node
/**
 * Reads a text file line by line as a stream of bytes: a line longer than the cap is refused
 * as soon as the cap is passed (a 600 MB line or /dev/zero never builds a giant string),
 * a UTF-8 byte-order mark at the start is skipped, and invalid UTF-8 is reported with its
 * line instead of being replaced silently.
 */
import fs from 'node:fs';
import { AppError } from '../../../shared/api/result';

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

export interface Line {
  /** 1-based */
  line: number;
  text: string;
}

const NL = 0x0a;
const CR = 0x0d;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const mib = (n: number): string => (n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`);

export async function* readLines(file: string, { maxLineBytes = DEFAULT_MAX_LINE_BYTES }: { maxLineBytes?: number } = {}): AsyncGenerator<Line> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let parts: Buffer[] = [];
  let pending = 0;
  let line = 1;
  let first = true;
  const tooLong = () =>
    new AppError('BAD_INPUT', `${file}:${line}: the line is longer than ${mib(maxLineBytes)} (the limit for one line); is this a JSONL file?`, {
      line,
      maxLineBytes,
    });
  const decode = (bytes: Buffer): string => {
    let b = bytes;
    if (first) {
      first = false;
      if (b.subarray(0, 3).equals(BOM)) b = b.subarray(3);
    }
    if (b.length > 0 && b[b.length - 1] === CR) b = b.subarray(0, b.length - 1);
    try {
      return decoder.decode(b);
    } catch {
      throw new AppError('BAD_INPUT', `${file}:${line}: not valid UTF-8 text.`, { line });
    }
  };
  const stream = fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      if (nl < 0) break;
      const piece = chunk.subarray(start, nl);
      if (pending + piece.length > maxLineBytes + 1) throw tooLong(); // +1: a trailing \r
      const bytes = parts.length === 0 ? piece : Buffer.concat([...parts, piece]);
      parts = [];
      pending = 0;
      yield { line, text: decode(bytes) };
      line++;
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      pending += rest.length;
      if (pending > maxLineBytes + 1) throw tooLong();
      parts.push(Buffer.from(rest)); // a copy: the stream may reuse its buffer
    }
  }
  if (pending > 0) yield { line, text: decode(Buffer.concat(parts)) };
}

// runtime: node
import { AppError } from '../../../shared/api/result';
import { readLines } from './line-reader';
import type { AmoEntity } from './types';

/**
 * Reads one amoCRM API v4 entity per line (blank lines skipped), streamed: a line over
 * maxLineBytes (default 16 MiB), invalid UTF-8 or a non-JSON line is a BAD_INPUT error
 * naming the line; a UTF-8 byte-order mark is accepted.
 */
export async function readJsonl(file: string, options: { maxLineBytes?: number } = {}): Promise<AmoEntity[]> {
  const out: AmoEntity[] = [];
  for await (const { line, text } of readLines(file, options)) {
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new AppError('BAD_INPUT', `${file}:${line}: not JSON.`, { line });
    }
    if (!value || typeof value !== 'object' || !('id' in value)) throw new AppError('BAD_INPUT', `${file}:${line}: not an entity with an id.`, { line });
    out.push(value as AmoEntity);
  }
  return out;
}

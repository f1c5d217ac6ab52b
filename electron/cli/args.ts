// runtime: node
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict argument parsing for every command: unknown options, missing values and
 * stray positionals are usage errors with a clear message (exit code 2).
 */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, positionals: { min: number; max: number }) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
  const help = (parsed.values as Record<string, unknown>).help === true;
  if (!help) {
    if (parsed.positionals.length < positionals.min) throw new UsageError('Missing argument.');
    if (parsed.positionals.length > positionals.max) throw new UsageError(`Unexpected argument: ${parsed.positionals[positionals.max]}`);
  }
  return { values: parsed.values, positionals: parsed.positionals, help };
}

export function numberOption(name: string, raw: unknown, { min, max, integer = false }: { min: number; max: number; integer?: boolean }): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    throw new UsageError(`--${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${String(raw)}".`);
  }
  return value;
}

// runtime: node
import fs from 'node:fs';
import { UsageError, type CliIo } from './command';

/** The token options of every command that talks to amoCRM. */
export const TOKEN_OPTIONS = {
  token: { type: 'string' },
  'token-file': { type: 'string' },
  'token-stdin': { type: 'boolean' },
} as const;

/** The help lines for them (the same in every command). */
export const TOKEN_HELP = `  --token-file FILE   read the long-lived token from FILE (first line)
  --token-stdin       read the token from standard input
                      (or set AMOSWEEP_TOKEN; on a terminal, with none of these, it is asked
                      for without echo)
  --token TOKEN       discouraged: the token lands in shell history, the process list and
                      npm's debug logs (~/.npm/_logs); a warning is printed`;

/** A token file larger than this is not a token. */
const MAX_TOKEN_BYTES = 64 * 1024;

function clean(raw: string, from: string): string {
  const token = raw.replace(/^\uFEFF/, '').split(/\r?\n/)[0]!.trim();
  if (!token) throw new UsageError(`No token in ${from}.`);
  return token;
}

/**
 * The long-lived token, never from argv unless the user insists: --token-file, --token-stdin,
 * AMOSWEEP_TOKEN, or a no-echo prompt on a terminal. --token still works, with a warning.
 * Returns undefined when none is given and none can be asked for.
 */
export async function readToken(values: { token?: unknown; 'token-file'?: unknown; 'token-stdin'?: unknown }, io: CliIo): Promise<string | undefined> {
  const given = [values.token !== undefined, values['token-file'] !== undefined, values['token-stdin'] === true].filter(Boolean).length;
  if (given > 1) throw new UsageError('Give the token one way: --token-file, --token-stdin or AMOSWEEP_TOKEN.');
  if (typeof values.token === 'string') {
    io.stderr('Warning: --token puts the token in shell history, the process list and npm\'s logs. Use --token-file FILE, --token-stdin or AMOSWEEP_TOKEN instead.\n');
    return clean(values.token, '--token');
  }
  if (typeof values['token-file'] === 'string') {
    const file = values['token-file'];
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      throw new UsageError(`--token-file: cannot read ${file}.`);
    }
    if (!stat.isFile()) throw new UsageError(`--token-file: ${file} is not a file.`);
    if (stat.size > MAX_TOKEN_BYTES) throw new UsageError(`--token-file: ${file} is larger than ${MAX_TOKEN_BYTES / 1024} KiB: not a token.`);
    return clean(fs.readFileSync(file, 'utf8'), file);
  }
  if (values['token-stdin'] === true) {
    if (!io.readStdin) throw new UsageError('--token-stdin: standard input is not available here.');
    const text = await io.readStdin(MAX_TOKEN_BYTES);
    return clean(text, 'standard input');
  }
  const env = process.env.AMOSWEEP_TOKEN;
  if (env !== undefined && env.trim() !== '') return env.trim();
  if (io.promptSecret) {
    const typed = await io.promptSecret('amoCRM long-lived token (not shown): ');
    if (typed !== null) return clean(typed, 'the prompt');
  }
  return undefined;
}

/** readToken, or the usage error every command gives without one. */
export async function requireToken(values: Parameters<typeof readToken>[0], io: CliIo): Promise<string> {
  const token = await readToken(values, io);
  if (!token) throw new UsageError('A token is required: --token-file FILE, --token-stdin, or the AMOSWEEP_TOKEN variable.');
  return token;
}

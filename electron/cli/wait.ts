// runtime: node
import type { LockHolder } from '../services/db/writer-lock';
import { describeHolder } from '../services/db/writer-lock';
import { UsageError, type CliIo } from './command';

/** The help line every writing command shows for --wait. */
export const WAIT_HELP = `  --wait [SECONDS]    if another AmoSweep process is writing the file, wait for it (up to
                      SECONDS; no number: as long as it takes) instead of refusing at once`;

/**
 * `--wait` takes an optional number, which node's parseArgs cannot express: it is taken out
 * of argv here. `--wait`, `--wait 30`, `--wait=30`. Returns the remaining argv and the wait
 * (0 when absent, Infinity for a bare --wait).
 */
export function extractWait(argv: readonly string[]): { argv: string[]; waitSeconds: number } {
  const rest: string[] = [];
  let waitSeconds = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (a === '--wait') {
      const next = argv[i + 1];
      if (next !== undefined && /^\d+(\.\d+)?$/.test(next)) {
        waitSeconds = parseWait(next);
        i++;
      } else waitSeconds = Infinity;
      continue;
    }
    if (a.startsWith('--wait=')) {
      waitSeconds = parseWait(a.slice('--wait='.length));
      continue;
    }
    rest.push(a);
  }
  return { argv: rest, waitSeconds };
}

function parseWait(raw: string): number {
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(n) || n > 86_400) throw new UsageError(`--wait must be a number of seconds from 0 to 86400, got "${raw}".`);
  return n;
}

/** What a command tells the user while it waits for another writer. */
export const waitNotice =
  (io: CliIo, file: string) =>
  (holder: LockHolder | null): void =>
    io.stderr(`Waiting for ${file}: it is being written by ${describeHolder(holder)}…\n`);

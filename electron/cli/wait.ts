// runtime: node
import type { JobKind } from '../../shared/api/jobs';
import type { CliApi } from './api';
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

/**
 * What a command tells the user, once, while its job (of these kinds) waits for another writer of
 * the file: the holder as the services describe it (JobState.waitingFor). Returns the unsubscribe.
 */
export function tellWhileWaiting(api: Pick<CliApi, 'onJob'>, io: CliIo, file: string, kinds: readonly JobKind[]): () => void {
  let told = false;
  return api.onJob((job) => {
    if (told || !kinds.includes(job.kind) || job.waitingFor === undefined) return;
    told = true;
    io.stderr(`Waiting for ${file}: it is being written by ${job.waitingFor}…\n`);
  });
}

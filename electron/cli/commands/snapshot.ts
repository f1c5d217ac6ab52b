// runtime: node
import path from 'node:path';
import { AppError } from '../../../shared/api/result';
import { resolveAccount } from '../../services/amo/base-url';
import { createAmoClient } from '../../services/amo/client';
import { RateLimiter } from '../../services/amo/rate-limiter';
import { APP_VERSION } from '../../services/app-version';
import { runSnapshot, type SnapshotProgress } from '../../services/snapshot/runner';
import { numberOption, parseCommandArgs } from '../args';
import { UsageError, type CliCommand } from '../command';

const usage = `Usage: amosweep snapshot FILE --url URL --token TOKEN [options]
       amosweep snapshot --out FILE --url URL --token TOKEN [options]

Takes a snapshot of an amoCRM (Kommo) account into one SQLite file (.amosweep).
Running it again on an incomplete file resumes where it stopped.

Options:
  --url URL           the account: subdomain, host (example.amocrm.ru) or full URL
  --token TOKEN       a long-lived token (or set AMOSWEEP_TOKEN)
  --out FILE          the snapshot file (.amosweep); the same as giving FILE first
  --refresh           refresh a complete file: only what changed since, plus deletions
  --notes-months N    notes and events of the last N months (0-60, default 6)
  --rps N             requests per second, at most 7 (default 7)
  --json              print one JSON object at the end: {"file", "counts", "requests", "seconds", "rejected429"}
`;

function bar(p: SnapshotProgress): string {
  const width = 28;
  const f = p.fraction ?? 0;
  const filled = Math.round(f * width);
  const running = p.steps.find((s) => s.status === 'running');
  const eta = p.etaSeconds === null ? '' : ` ETA ${Math.floor(p.etaSeconds / 60)}m${String(p.etaSeconds % 60).padStart(2, '0')}s`;
  const what = running ? ` ${running.key} ${running.done}` : '';
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(f * 100).toFixed(0).padStart(3)}%${what} ${p.rate.current.toFixed(1)}/${p.rate.limit} rps, ${p.requests} req${eta}\u001b[K`;
}

export const command: CliCommand = {
  name: 'snapshot',
  summary: 'Snapshot an amoCRM account into a .amosweep file (resumable)',
  usage,
  async run(argv, io) {
    const { values, positionals, help } = parseCommandArgs(
      argv,
      {
        url: { type: 'string' },
        token: { type: 'string' },
        out: { type: 'string' },
        refresh: { type: 'boolean' },
        'notes-months': { type: 'string' },
        rps: { type: 'string' },
        json: { type: 'boolean' },
      },
      { min: 0, max: 1 },
    );
    if (help) {
      io.stdout(usage);
      return 0;
    }
    const url = values.url as string | undefined;
    const token = (values.token as string | undefined) ?? process.env.AMOSWEEP_TOKEN;
    const outOption = values.out as string | undefined;
    const positional = positionals[0];
    if (outOption !== undefined && positional !== undefined && path.resolve(outOption) !== path.resolve(positional)) {
      throw new UsageError(`Two different files: ${positional} and --out ${outOption}. Give the file once.`);
    }
    const out = positional ?? outOption;
    if (!url) throw new UsageError('--url is required.');
    if (!token) throw new UsageError('--token is required (or set AMOSWEEP_TOKEN).');
    if (!out) throw new UsageError('The snapshot file is required: amosweep snapshot FILE.amosweep --url … --token …');
    if (!out.endsWith('.amosweep')) throw new UsageError(`The snapshot file must end with .amosweep: ${out}`);
    const notesMonths = numberOption('notes-months', values['notes-months'], { min: 0, max: 60, integer: true });
    const rps = numberOption('rps', values.rps, { min: 0.1, max: 7 }) ?? 7;
    let account;
    try {
      account = resolveAccount(url);
    } catch (error) {
      throw new UsageError(error instanceof AppError ? error.message : String(error));
    }
    const client = createAmoClient({ baseUrl: account.baseUrl, auth: { kind: 'long-lived', getToken: () => token }, limiter: new RateLimiter({ rps }) });
    let lastDraw = 0;
    const result = await runSnapshot({
      client,
      file: path.resolve(out),
      refresh: values.refresh === true,
      ...(notesMonths !== undefined ? { notesMonths } : {}),
      appVersion: APP_VERSION,
      subdomain: account.subdomain,
      signal: io.signal,
      onProgress: io.isTTY
        ? (p) => {
            const t = Date.now();
            if (t - lastDraw < 200) return;
            lastDraw = t;
            io.stderr(bar(p));
          }
        : undefined,
    })
      .catch((error: unknown) => {
        // Ctrl-C (or SIGTERM): everything committed stays; say how to go on
        if (error instanceof AppError && error.code === 'CANCELLED')
          io.stderr(`${io.isTTY && lastDraw > 0 ? '\n' : ''}Stopped. ${path.resolve(out)} keeps every page fetched so far: run the same command again to resume.\n`);
        throw error;
      })
      .finally(() => {
        if (io.isTTY && lastDraw > 0) io.stderr('\n');
      });
    if (values.json) {
      io.stdout(
        `${JSON.stringify({ file: result.file, counts: result.counts, requests: result.requests, seconds: result.seconds, rejected429: result.rejected429, mode: result.mode, deleted: result.deleted, contentHash: result.contentHash })}\n`,
      );
    } else {
      const c = result.counts;
      io.stdout(
        `${result.file}: ${c.contacts} contacts, ${c.companies} companies, ${c.leads} leads, ${c.tasks} tasks, ${c.users} users; ` +
          `${result.requests} requests in ${result.seconds} s (${result.mode}${result.mode === 'refresh' ? `, ${result.deleted} deleted` : ''}).\n`,
      );
    }
    return 0;
  },
};

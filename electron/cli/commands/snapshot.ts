// runtime: node
import fs from 'node:fs';
import path from 'node:path';
import type { JobState } from '../../../shared/api/jobs';
import { AppError } from '../../../shared/api/result';
import { cliApi } from '../api';
import { numberOption, parseCommandArgs } from '../args';
import { UsageError, type CliCommand } from '../command';
import { requireToken, TOKEN_HELP, TOKEN_OPTIONS } from '../token';
import { extractWait, WAIT_HELP } from '../wait';

type NotesMonths = number | 'all';

interface SnapshotOutput {
  file: string;
  counts: Record<string, number>;
  requests: number;
  seconds: number;
  rejected429: number;
  mode: 'new' | 'resumed' | 'refresh';
  deleted: number;
  contentHash: string;
  usersReadable: boolean;
}

/** "about 3 min 20 s" */
function formatSeconds(seconds: number): string {
  if (seconds < 60) return `about ${seconds} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `about ${m} min ${seconds % 60} s`;
  return `about ${Math.floor(m / 60)} h ${m % 60} min`;
}

const usage = `Usage: amosweep snapshot FILE --url URL --token-file FILE [options]
       amosweep snapshot --out FILE --url URL --token-stdin [options]

Takes a snapshot of an amoCRM (Kommo) account into one SQLite file (.amosweep).
Running it again on an incomplete file resumes where it stopped. Only one AmoSweep
process writes a snapshot file at a time; a second one is refused, naming the holder,
unless --wait is given. A token without admin rights cannot read the users: the snapshot
records that, and the audit's user and rights findings are then "not computed".

Options:
  --url URL           the account: subdomain, host (example.amocrm.ru) or full URL
${TOKEN_HELP}
  --out FILE          the snapshot file (.amosweep); the same as giving FILE first
  --refresh           refresh a complete file: only what changed since, plus deletions
  --notes-months N    notes and events of the last N months (0-60, default 6), or "all" for the
                      whole history: its request cost is estimated and printed before it starts
  --estimate          only print the request cost of the notes and events window, write nothing
  --rps N             requests per second, at most 7 (default 7)
${WAIT_HELP}
  --json              print one JSON object at the end: {"file", "counts", "requests", "seconds", "rejected429"},
                      plus "usersReadable": false when the token could not read the users
`;

function bar(p: JobState): string {
  const width = 28;
  const f = p.fraction ?? 0;
  const filled = Math.round(f * width);
  const running = p.steps.find((s) => s.status === 'running');
  const eta = p.etaSeconds === null ? '' : ` ETA ${Math.floor(p.etaSeconds / 60)}m${String(p.etaSeconds % 60).padStart(2, '0')}s`;
  const what = running ? ` ${running.key} ${running.done}` : '';
  const rate = p.rate ?? { current: 0, limit: 0 };
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(f * 100).toFixed(0).padStart(3)}%${what} ${rate.current.toFixed(1)}/${rate.limit} rps, ${p.requests ?? 0} req${eta}\u001b[K`;
}

export const command: CliCommand = {
  name: 'snapshot',
  summary: 'Snapshot an amoCRM account into a .amosweep file (resumable)',
  usage,
  async run(argv, io) {
    const { argv: rest, waitSeconds } = extractWait(argv);
    const { values, positionals, help } = parseCommandArgs(
      rest,
      {
        url: { type: 'string' },
        ...TOKEN_OPTIONS,
        out: { type: 'string' },
        refresh: { type: 'boolean' },
        'notes-months': { type: 'string' },
        rps: { type: 'string' },
        json: { type: 'boolean' },
        estimate: { type: 'boolean' },
      },
      { min: 0, max: 1 },
    );
    if (help) {
      io.stdout(usage);
      return 0;
    }
    const url = values.url as string | undefined;
    const outOption = values.out as string | undefined;
    const positional = positionals[0];
    if (outOption !== undefined && positional !== undefined && path.resolve(outOption) !== path.resolve(positional)) {
      throw new UsageError(`Two different files: ${positional} and --out ${outOption}. Give the file once.`);
    }
    const out = positional ?? outOption;
    if (!url) throw new UsageError('--url is required.');
    if (!out) throw new UsageError('The snapshot file is required: amosweep snapshot FILE.amosweep --url … --token-file …');
    if (!out.endsWith('.amosweep')) throw new UsageError(`The snapshot file must end with .amosweep: ${out}`);
    const notesRaw = values['notes-months'] as string | undefined;
    const notesMonths: NotesMonths | undefined =
      notesRaw?.trim().toLowerCase() === 'all' ? 'all' : numberOption('notes-months', notesRaw, { min: 0, max: 60, integer: true });
    const rps = numberOption('rps', values.rps, { min: 0.1, max: 7 }) ?? 7;
    const api = cliApi();
    try {
      try {
        await api.call('connect.resolve', { account: url });
      } catch (error) {
        throw new UsageError(error instanceof AppError ? error.message : String(error));
      }
      const token = await requireToken(values, io);
      const access = { account: url, token };
      // the whole history (or --estimate): the cost first, from the API's own paging
      if (values.estimate === true || (notesMonths === 'all' && !fs.existsSync(path.resolve(out)))) {
        const estimate = await api.call('snapshot.estimate', { token: access, notesMonths: notesMonths ?? 6, rps });
        const line = `Notes and events (${estimate.notesMonths === 'all' ? 'whole history' : `${estimate.notesMonths} months`}): about ${estimate.requests} requests, ${formatSeconds(estimate.seconds)} at ${rps} rps (${estimate.collections.map((c) => `${c.name} ${c.items}`).join(', ')}; the estimate took ${estimate.probes} requests).\n`;
        if (values.estimate === true) {
          io.stdout(values.json ? `${JSON.stringify(estimate)}\n` : line);
          return 0;
        }
        io.stderr(line);
      }
      let lastDraw = 0;
      let toldWait = false;
      const stop = api.onJob((job) => {
        if (job.kind !== 'snapshot') return;
        if (job.waitingFor !== undefined && !toldWait) {
          toldWait = true;
          io.stderr(`Waiting for ${path.resolve(out)}: it is being written by ${job.waitingFor}…\n`);
        }
        if (!io.isTTY || job.status !== 'running') return;
        const t = Date.now();
        if (t - lastDraw < 200) return;
        lastDraw = t;
        io.stderr(bar(job));
      });
      let result: SnapshotOutput;
      try {
        const { jobId } = await api.call('snapshot.start', {
          token: access,
          file: path.resolve(out),
          refresh: values.refresh === true,
          ...(notesMonths !== undefined ? { notesMonths } : {}),
          rps,
          waitSeconds: Number.isFinite(waitSeconds) ? waitSeconds : null,
          writer: `amosweep snapshot${values.refresh === true ? ' --refresh' : ''}`,
        });
        result = (await api.job(jobId, io.signal)) as unknown as SnapshotOutput;
      } catch (error) {
        // Ctrl-C (or SIGTERM): everything committed stays; say how to go on
        if (error instanceof AppError && error.code === 'CANCELLED')
          io.stderr(`${io.isTTY && lastDraw > 0 ? '\n' : ''}Stopped. ${path.resolve(out)} keeps every page fetched so far: run the same command again to resume.\n`);
        throw error;
      } finally {
        stop();
        if (io.isTTY && lastDraw > 0) io.stderr('\n');
      }
      if (!result.usersReadable) {
        io.stderr(
          'Warning: amoCRM refused the list of users (403): this token has no admin rights. The snapshot records it, and the audit marks ' +
            'its user and rights findings "not computed". Use an admin\'s token to get them.\n',
        );
      }
      if (values.json) {
        io.stdout(
          `${JSON.stringify({ file: result.file, counts: result.counts, requests: result.requests, seconds: result.seconds, rejected429: result.rejected429, mode: result.mode, deleted: result.deleted, contentHash: result.contentHash, ...(result.usersReadable ? {} : { usersReadable: false }) })}\n`,
        );
      } else {
        const c = result.counts;
        io.stdout(
          `${result.file}: ${c.contacts} contacts, ${c.companies} companies, ${c.leads} leads, ${c.tasks} tasks, ${c.users} users; ` +
            `${result.requests} requests in ${result.seconds} s (${result.mode}${result.mode === 'refresh' ? `, ${result.deleted} deleted` : ''}).\n`,
        );
      }
      return 0;
    } finally {
      api.close();
    }
  },
};

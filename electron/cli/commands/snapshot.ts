// runtime: node
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/api/result';
import { resolveAccount } from '../../services/amo/base-url';
import { tokenClient } from '../../services/connections/clients';
import { APP_VERSION } from '../../services/app-version';
import { estimateNotesCost } from '../../services/snapshot/estimate';
import { runSnapshot, type NotesMonths, type SnapshotProgress } from '../../services/snapshot/runner';
import { numberOption, parseCommandArgs } from '../args';
import { UsageError, type CliCommand } from '../command';
import { requireToken, TOKEN_HELP, TOKEN_OPTIONS } from '../token';
import { extractWait, WAIT_HELP, waitNotice } from '../wait';

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
    let account;
    try {
      account = resolveAccount(url);
    } catch (error) {
      throw new UsageError(error instanceof AppError ? error.message : String(error));
    }
    const token = await requireToken(values, io);
    const client = tokenClient(account.baseUrl, token, rps);
    // the whole history (or --estimate): the cost first, from the API's own paging
    if (values.estimate === true || (notesMonths === 'all' && !fs.existsSync(path.resolve(out)))) {
      const estimate = await estimateNotesCost(client, notesMonths ?? 6, { rps, signal: io.signal });
      const line = `Notes and events (${estimate.notesMonths === 'all' ? 'whole history' : `${estimate.notesMonths} months`}): about ${estimate.requests} requests, ${formatSeconds(estimate.seconds)} at ${rps} rps (${estimate.collections.map((c) => `${c.name} ${c.items}`).join(', ')}; the estimate took ${estimate.probes} requests).\n`;
      if (values.estimate === true) {
        io.stdout(values.json ? `${JSON.stringify(estimate)}\n` : line);
        return 0;
      }
      io.stderr(line);
    }
    let lastDraw = 0;
    const result = await runSnapshot({
      client,
      file: path.resolve(out),
      refresh: values.refresh === true,
      ...(notesMonths !== undefined ? { notesMonths } : {}),
      appVersion: APP_VERSION,
      subdomain: account.subdomain,
      signal: io.signal,
      writerCommand: `amosweep snapshot${values.refresh === true ? ' --refresh' : ''}`,
      waitSeconds,
      onWaitForWriter: waitNotice(io, path.resolve(out)),
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
  },
};

// runtime: node
import path from 'node:path';
import { closeSnapshotDb, openPlanDb } from '../../services/plan/open';
import { describeDryRun, dryRun } from '../../services/push/dry-run';
import { rollbackPlanFor } from '../../services/push/rollback';
import { numberOption, parseCommandArgs } from '../args';
import { UsageError, type CliCommand } from '../command';
import { clientFor, printResult, runWithProgress } from './push-common';

const usage = `Usage: amosweep rollback SNAPSHOT --plan ID --url URL --token TOKEN [--dry-run] [--rps N] [--json]

Undoes a pushed plan from the before-images in the snapshot's journal: fields restored,
tags put back, created tasks closed (amoCRM cannot delete tasks). The rollback is a plan
of its own, sent like a push (conflict checks, journal, resume): running it again resumes it.

Options:
  --plan ID      the plan to undo
  --url URL      the account (not needed with --dry-run)
  --token TOKEN  a long-lived token (or set AMOSWEEP_TOKEN)
  --dry-run      list and count the requests; send nothing
  --rps N        requests per second, at most 7 (default 7)
  --json         the same output as push, plus "rollbackOf"
`;

export const command: CliCommand = {
  name: 'rollback',
  summary: 'Undo a pushed change plan from its before-images',
  usage,
  async run(argv, io) {
    const { values, positionals, help } = parseCommandArgs(
      argv,
      { url: { type: 'string' }, token: { type: 'string' }, plan: { type: 'string' }, 'dry-run': { type: 'boolean' }, rps: { type: 'string' }, json: { type: 'boolean' } },
      { min: 1, max: 1 },
    );
    if (help) {
      io.stdout(usage);
      return 0;
    }
    const file = path.resolve(positionals[0]!);
    const rps = numberOption('rps', values.rps, { min: 0.1, max: 7 }) ?? 7;
    const of = numberOption('plan', values.plan, { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true });
    if (of === undefined) throw new UsageError('--plan is required.');
    const db = openPlanDb(file, 'readwrite');
    try {
      const rb = rollbackPlanFor(db, of);
      if (values['dry-run']) {
        const r = dryRun(db, rb.plan, { rps, limit: values.json ? 0 : 100000 });
        if (values.json) io.stdout(`${JSON.stringify({ plan: rb.plan, rollbackOf: of, requests: r.requests, entities: r.entities, estimatedSeconds: r.estimatedSeconds })}\n`);
        else {
          for (const q of r.list) io.stdout(`${q.method} ${q.path} (${q.entities} ${q.read ? 'read' : 'written'})\n`);
          io.stdout(`${describeDryRun(r, rb.operations)}\n`);
        }
        return 0;
      }
      const url = values.url as string | undefined;
      const token = (values.token as string | undefined) ?? process.env.AMOSWEEP_TOKEN;
      if (!url) throw new UsageError('--url is required.');
      if (!token) throw new UsageError('--token is required (or set AMOSWEEP_TOKEN).');
      const result = await runWithProgress(db, rb.plan, clientFor(url, token, rps), rps, io);
      printResult(io, values.json === true, { ...result, rollbackOf: of });
      return 0;
    } finally {
      closeSnapshotDb(db);
    }
  },
};

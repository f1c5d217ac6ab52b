// runtime: node
import path from 'node:path';
import { closeSnapshotDb, openPlanDb } from '../../services/plan/open';
import { describeDryRun, dryRun } from '../../services/push/dry-run';
import { rollbackPlanFor } from '../../services/push/rollback';
import { numberOption, parseCommandArgs } from '../args';
import { UsageError, type CliCommand } from '../command';
import { clientFromOptions, printRequestList, printResult, PUSH_OPTIONS, runWithProgress } from './push-common';

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
      PUSH_OPTIONS,
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
          printRequestList(io, r.list);
          io.stdout(`${describeDryRun(r, rb.operations)}\n`);
        }
        return 0;
      }
      const result = await runWithProgress(db, rb.plan, clientFromOptions(values, rps), rps, io);
      printResult(io, values.json === true, { ...result, rollbackOf: of });
      return 0;
    } finally {
      closeSnapshotDb(db);
    }
  },
};

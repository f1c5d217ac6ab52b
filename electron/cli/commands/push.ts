// runtime: node
import path from 'node:path';
import { closeSnapshotDb, openPlanDb } from '../../services/plan/open';
import { defaultPushPlan, getPlan } from '../../services/plan/store';
import { describeDryRun, dryRun } from '../../services/push/dry-run';
import { numberOption, parseCommandArgs } from '../args';
import type { CliCommand } from '../command';
import { clientFromOptions, printRequestList, printResult, PUSH_OPTIONS, runWithProgress } from './push-common';

const usage = `Usage: amosweep push SNAPSHOT --url URL --token TOKEN [--plan ID] [--dry-run] [--rps N] [--json]

Sends a change plan to amoCRM in batches of at most 50 entities, at most N requests per
second. Before each write the entities are read back: one changed in amoCRM since the
snapshot is skipped as a conflict. Every batch is journaled in the snapshot file, so
running the same command again after an interruption resumes without sending anything twice.

Options:
  --url URL      the account: subdomain, host or full URL (not needed with --dry-run)
  --token TOKEN  a long-lived token (or set AMOSWEEP_TOKEN)
  --plan ID      the plan (default: the newest one not yet done)
  --dry-run      list and count the requests, estimate the time; send nothing
  --rps N        requests per second, at most 7 (default 7)
  --json         {"plan","applied","skippedConflicts","failed","requests","seconds","rejected429"}
                 or with --dry-run {"plan","requests","entities","estimatedSeconds"}
`;

export const command: CliCommand = {
  name: 'push',
  summary: 'Send a change plan to amoCRM (dry run, batches, journal, resume)',
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
    const planOpt = numberOption('plan', values.plan, { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true });
    const db = openPlanDb(file, 'readwrite');
    try {
      const plan = planOpt ?? defaultPushPlan(db);
      getPlan(db, plan);
      if (values['dry-run']) {
        const r = dryRun(db, plan, { rps, limit: values.json ? 0 : 100000 });
        if (values.json) io.stdout(`${JSON.stringify({ plan, requests: r.requests, entities: r.entities, estimatedSeconds: r.estimatedSeconds, noop: r.noop })}\n`);
        else {
          printRequestList(io, r.list);
          const open = (db.prepare("SELECT count(*) AS n FROM plan_operations WHERE plan_id = ? AND status IN ('planned', 'batched')").get(plan) as { n: number }).n;
          io.stdout(`${describeDryRun(r, open)}\n`);
        }
        return 0;
      }
      const result = await runWithProgress(db, plan, clientFromOptions(values, rps), rps, io);
      printResult(io, values.json === true, result);
      return 0;
    } finally {
      closeSnapshotDb(db);
    }
  },
};

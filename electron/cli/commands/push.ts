// runtime: node
import { defaultPushPlan, getPlan } from '../../services/plan/store';
import type { CliCommand } from '../command';
import { runPlanCommand } from './push-common';

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

Exit status: 0 when every operation was applied, skipped or set aside as a conflict; 1 when
some operations failed (the plan is not done: run the same command again to retry exactly
those, never the applied ones) or on an error; 2 on a usage error.
`;

export const command: CliCommand = {
  name: 'push',
  summary: 'Send a change plan to amoCRM (dry run, batches, journal, resume)',
  usage,
  run: (argv, io) =>
    runPlanCommand(argv, io, usage, (db, planOption) => {
      const plan = planOption ?? defaultPushPlan(db);
      getPlan(db, plan);
      return {
        plan,
        extra: {},
        openOperations: () =>
          (db.prepare("SELECT count(*) AS n FROM plan_operations WHERE plan_id = ? AND status IN ('planned', 'batched')").get(plan) as { n: number }).n,
      };
    }),
};

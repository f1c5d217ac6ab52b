// runtime: node
import { countOpenOperations } from '../../services/plan/journal';
import { defaultPushPlan, getPlan } from '../../services/plan/store';
import type { CliCommand } from '../command';
import { TOKEN_HELP } from '../token';
import { WAIT_HELP } from '../wait';
import { runPlanCommand } from './push-common';

const usage = `Usage: amosweep push SNAPSHOT --url URL --token-file FILE [--plan ID] [--dry-run] [--wait [SECONDS]] [--rps N] [--json]

Sends a change plan to amoCRM in batches of at most 50 entities, at most N requests per
second. Before each write the entities are read back: one changed in amoCRM since the
snapshot is skipped as a conflict. Every batch is journaled in the snapshot file, so
running the same command again after an interruption resumes without sending anything twice.
The token must belong to the snapshot's account: a plan is never sent to another account.
Only one AmoSweep process writes a snapshot file at a time (the file's lock); a second one
is refused, naming the holder, unless --wait is given. A dry run only reads the file.

Options:
  --url URL           the account: subdomain, host or full URL (not needed with --dry-run)
${TOKEN_HELP}
  --plan ID           the plan (default: the newest one not yet done)
  --dry-run           list and count the requests, estimate the time; send nothing
${WAIT_HELP}
  --rps N             requests per second, at most 7 (default 7)
  --json              {"plan","applied","skippedConflicts","failed","requests","seconds","rejected429"}
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
    runPlanCommand(argv, io, {
      name: 'push',
      usage,
      peek: (db, planOption) => planOption ?? defaultPushPlan(db),
      choose: (db, planOption) => {
        const plan = planOption ?? defaultPushPlan(db);
        getPlan(db, plan);
        return {
          plan,
          extra: {},
          openOperations: () => countOpenOperations(db, plan),
        };
      },
    }),
};

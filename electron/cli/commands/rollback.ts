// runtime: node
import { rollbackPlanFor } from '../../services/push/rollback';
import { UsageError, type CliCommand } from '../command';
import { runPlanCommand } from './push-common';

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
  run: (argv, io) =>
    runPlanCommand(argv, io, usage, (db, planOption) => {
      if (planOption === undefined) throw new UsageError('--plan is required.');
      const rb = rollbackPlanFor(db, planOption);
      return { plan: rb.plan, extra: { rollbackOf: planOption }, openOperations: () => rb.operations };
    }),
};

// runtime: node
import type { CliCommand } from '../command';
import { TOKEN_HELP } from '../token';
import { WAIT_HELP } from '../wait';
import { runPlanCommand } from './push-common';

const usage = `Usage: amosweep rollback SNAPSHOT --plan ID --url URL --token-file FILE [--dry-run] [--wait [SECONDS]] [--rps N] [--json]

Undoes a pushed plan from the before-images in the snapshot's journal: fields restored,
tags put back, created tasks closed (amoCRM cannot delete tasks). The rollback is a plan
of its own, sent like a push (conflict checks, journal, resume): running it again resumes it.
Like push, it holds the file's writer lock and refuses a token of another account.

Options:
  --plan ID           the plan to undo
  --url URL           the account (not needed with --dry-run)
${TOKEN_HELP}
  --dry-run           list and count the requests; send nothing (it records the rollback plan)
${WAIT_HELP}
  --rps N             requests per second, at most 7 (default 7)
  --json              the same output as push, plus "rollbackOf"
`;

export const command: CliCommand = {
  name: 'rollback',
  summary: 'Undo a pushed change plan from its before-images',
  usage,
  run: (argv, io) => runPlanCommand(argv, io, { name: 'rollback', usage }),
};

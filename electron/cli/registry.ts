// runtime: node
import type { CliCommand } from './command';

/** Commands load lazily so `--help` stays fast. Add one line per command. */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  web: { summary: 'Serve the AmoSweep UI in a browser on 127.0.0.1', load: async () => (await import('./commands/web')).command },
};

// runtime: node
import type { CliCommand } from './command';

/** Commands load lazily so `--help` stays fast. Add one line per command. */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  anonymize: { summary: 'Write an anonymized copy of a snapshot for outside auditors (same figures)', load: async () => (await import('./commands/anonymize')).command },
  audit: { summary: 'Audit a snapshot file: findings, sales analytics, XLSX/HTML report', load: async () => (await import('./commands/audit')).command },
  compare: { summary: 'Compare two snapshots of one account: findings then and now, duplicate groups, health', load: async () => (await import('./commands/compare')).command },
  duplicates: { summary: 'Find duplicate contacts and companies in a snapshot', load: async () => (await import('./commands/duplicates')).command },
  match: { summary: 'Find duplicate contacts or companies in a JSONL file', load: async () => (await import('./commands/match')).command },
  'fake-amocrm': { summary: 'Serve a fake amoCRM API v4 (the demo account) on 127.0.0.1', load: async () => (await import('./commands/fake-amocrm')).command },
  web: { summary: 'Serve the AmoSweep UI in a browser on 127.0.0.1', load: async () => (await import('./commands/web')).command },
  open: { summary: 'Show the metadata and counts of a snapshot file (read-only)', load: async () => (await import('./commands/open')).command },
  snapshot: { summary: 'Snapshot an amoCRM account into a .amosweep file (resumable)', load: async () => (await import('./commands/snapshot')).command },
  plan: { summary: 'Add operations to the change plan of a snapshot, or show its plans', load: async () => (await import('./commands/plan')).loadCommand() },
  push: { summary: 'Send a change plan to amoCRM (dry run, batches, journal, resume)', load: async () => (await import('./commands/push')).command },
  rollback: { summary: 'Undo a pushed change plan from its before-images', load: async () => (await import('./commands/rollback')).command },
};

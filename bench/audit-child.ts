// runtime: node
/**
 * Child process of bench/audit.bench.ts: audits one snapshot file in a fresh process so that
 * time and peak RSS are the audit's own. Prints one JSON line.
 * Usage: node bin/run-ts.mjs bench/audit-child.ts FILE ASOF
 */
import { closeSnapshotDb, openSnapshotDb } from '../electron/services/db/open';
import { runAudit } from '../electron/services/audit/run';

/** The tables the audit reads: one plain full scan of each is the floor. */
export const AUDITED_TABLES = [
  'account', 'users', 'task_types', 'pipelines', 'statuses', 'custom_fields', 'custom_field_enums', 'tags', 'loss_reasons',
  'leads', 'contacts', 'companies', 'lead_contacts', 'lead_companies', 'entity_tags', 'field_values', 'tasks', 'notes', 'events',
];

const [file, asOf] = process.argv.slice(2);
if (!file || !asOf) {
  process.stderr.write('usage: audit-child FILE ASOF\n');
  process.exit(2);
}
const db = openSnapshotDb(file, { mode: 'readonly' });
let rows = 0;
const floorStart = performance.now();
for (const table of AUDITED_TABLES) for (const _row of db.prepare(`SELECT * FROM ${table}`).raw().iterate()) rows++;
const floorSeconds = (performance.now() - floorStart) / 1000;
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const cpuBefore = process.cpuUsage();
const { report } = runAudit(db, { asOf: new Date(asOf) });
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const counts: Record<string, number> = {};
for (const f of report.findings) {
  counts[f.id] = f.count;
  if (f.groups !== undefined) counts[`${f.id}.groups`] = f.groups;
}
closeSnapshotDb(db);
process.stdout.write(
  `${JSON.stringify({ seconds, cpuSeconds, floorSeconds, rows, peakRssMB: process.resourceUsage().maxRSS / 1024, rssBeforeMB: rssBefore / 2 ** 20, counts, years: report.analytics.years })}\n`,
);

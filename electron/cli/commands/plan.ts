// runtime: node
import fs from 'node:fs';
import path from 'node:path';
import { schemaVersion, type SqliteDb } from '../../services/db/open';
import { acquireWriterLock } from '../../services/db/writer-lock';
import { lostDealsWithoutReason } from '../../services/plan/snapshot-reads';
import { adminChecklist } from '../../services/plan/checklist';
import { addIntentsToPlan } from '../../services/plan/intents';
import { mergeGroupsWithState } from '../../services/plan/merge';
import { lossReasonSuggestions } from '../../services/plan/loss-reason-suggest';
import { closeSnapshotDb, openPlanDb, planMigrations } from '../../services/plan/open';
import { buildOperations, PlanRequestError, type OperationRequest, type RequiredParameter } from '../../services/plan/request';
import { countOperations } from '../../services/plan/journal';
import { addOperations, listPlans, openPlanId } from '../../services/plan/store';
import { UNDOCUMENTED_MERGE_LABEL, type NewOperation } from '../../services/plan/types';
import { describeDryRun, dryRun } from '../../services/push/dry-run';
import { planEntries, UNDOCUMENTED_MERGE_KIND } from '../../services/push/operations';
import { PLAN_REQUEST } from '../../../shared/plan/operations';
import { numberOption, parseCommandArgs } from '../args';
import { UsageError, type CliCommand } from '../command';
import { extractWait, WAIT_HELP, waitNotice } from '../wait';

const usage = `Usage:
  amosweep plan add SNAPSHOT <operation> [options] [--json]
  amosweep plan show SNAPSHOT [--json]
  amosweep plan checklist SNAPSHOT [--json]
  amosweep plan suggest SNAPSHOT [--json]

Adds operations to the snapshot's open change plan (nothing is sent: see "amosweep push"),
or lists the plans with their operations and a dry-run estimate, or lists what the public
API cannot do for the admin (unused tags, merged cards to delete, non-admins with delete
rights); the checklist is computed from the snapshot, so a refresh verifies it.

Operations:
${planEntries().flatMap((e) => (e.usage ? [`  ${e.usage}`] : [])).join('\n')}
  intents [--reason NAME] [--suggest [--reject ID,ID]] [--text TEXT] [--due-days N]
                                        the audit's pending Fix intents

Only "plan add" writes the file, holding its writer lock (one writer at a time); show,
checklist and suggest only read it.

Options:
${WAIT_HELP}
  --rps N    rate for the estimate in "plan show" (default 7)
  --json     add: {"plan": id, "operations": n}; show: {"plans": [...]}
`;

/** a JSON file given to an option */
function readJson(file: string, option: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(path.resolve(file), 'utf8')) as unknown;
  } catch (e) {
    throw new UsageError(`--${option} ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** --mapping FILE.json: {"text": "list value" | null, …} */
function readMapping(file: string): Record<string, string | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(path.resolve(file), 'utf8')) as unknown;
  } catch (e) {
    throw new UsageError(`--mapping ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`--mapping ${file}: expected a JSON object {"text": "list value" | null}.`);
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (v !== null && typeof v !== 'string') throw new UsageError(`--mapping ${file}: the value of "${k}" must be a text or null.`);
    out[k] = v;
  }
  return out;
}

/** How the usage names each parameter an operation needs. */
const FLAG_OF: Record<RequiredParameter, string> = {
  reason: '--reason NAME',
  tag: '--tag NAME',
  entity: '--entity leads|contacts|companies',
  field: '--field ID',
  text: '--text TEXT',
  name: '--name NAME',
  survivor: '--survivor ID',
  losers: '--losers ID,ID',
};

type FlagValues = Record<string, string | boolean | undefined>;

/** --FLAG ID,ID: --reject (deals whose suggested loss reason the admin rejected), --ids (only these entities: fill.loss_reason and tasks.create deals, stages.delete stages) */
function commaIds(values: FlagValues, flag: 'reject' | 'ids', what: string): number[] | undefined {
  const text = typeof values[flag] === 'string' ? values[flag] : undefined;
  if (text === undefined) return undefined;
  const ids = text.split(',').map((x) => x.trim()).filter(Boolean).map(Number);
  if (ids.length === 0 || ids.some((x) => !Number.isInteger(x) || x <= 0)) throw new UsageError(`--${flag} takes ${what} separated by commas: ${text}`);
  return ids;
}

/** The command line of "plan add" as the request the app's plan.add also sends. */
function requestFromFlags(operation: string, values: FlagValues): OperationRequest {
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const id = (k: string): number | undefined => numberOption(k, str(k), { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true });
  const losersText = str('losers') ?? '';
  const losers = losersText
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
    .map(Number);
  if (losers.some((x) => !Number.isInteger(x) || x <= 0)) throw new UsageError(`--losers takes ids separated by commas: ${losersText}`);
  const entity = str('entity');
  const mapping = str('mapping');
  const rights = str('rights');
  // a flag left out is undefined in the request, as a parameter the app leaves out
  return {
    operation: operation === 'merge' ? PLAN_REQUEST.mergeAccepted : operation,
    reason: str('reason'),
    suggest: values.suggest === true ? true : undefined,
    reject: commaIds(values, 'reject', 'deal ids'),
    ids: commaIds(values, 'ids', 'ids'),
    tag: str('tag'),
    entity: entity === 'leads' || entity === 'contacts' || entity === 'companies' ? entity : undefined,
    field: id('field'),
    text: str('text'),
    dueDays: numberOption('due-days', str('due-days'), { min: 0, max: 365, integer: true }),
    name: str('name'),
    mapping: mapping === undefined ? undefined : readMapping(mapping),
    preset: str('preset'),
    fromUser: id('from-user'),
    rights: rights === undefined ? undefined : readJson(rights, 'rights'),
    survivor: id('survivor'),
    losers: losers.length > 0 ? losers : undefined,
    undocumented: values.undocumented === true ? true : undefined,
  };
}

/** The operations of a request; an incomplete request is a usage error that names the flags. */
function buildFromRequest(db: SqliteDb, request: OperationRequest): NewOperation[] {
  try {
    return buildOperations(db, request);
  } catch (error) {
    if (!(error instanceof PlanRequestError)) throw error;
    if (error.missing.length > 0) throw new UsageError(`${request.operation} needs ${error.missing.map((m) => FLAG_OF[m]).join(' ')}.`);
    throw new UsageError(error.message);
  }
}

export const command: CliCommand = {
  name: 'plan',
  summary: 'Add operations to the change plan of a snapshot, or show its plans',
  usage,
  async run(argv, io) {
    const { argv: rest, waitSeconds } = extractWait(argv);
    const { values, positionals, help } = parseCommandArgs(
      rest,
      {
        reason: { type: 'string' },
        suggest: { type: 'boolean' },
        reject: { type: 'string' },
        ids: { type: 'string' },
        tag: { type: 'string' },
        entity: { type: 'string' },
        field: { type: 'string' },
        name: { type: 'string' },
        mapping: { type: 'string' },
        text: { type: 'string' },
        'due-days': { type: 'string' },
        accepted: { type: 'boolean' },
        undocumented: { type: 'boolean' },
        preset: { type: 'string' },
        'from-user': { type: 'string' },
        rights: { type: 'string' },
        survivor: { type: 'string' },
        losers: { type: 'string' },
        rps: { type: 'string' },
        json: { type: 'boolean' },
      },
      { min: 2, max: 3 },
    );
    if (help) {
      io.stdout(usage);
      return 0;
    }
    const [sub, fileArg, operation] = positionals as [string, string, string | undefined];
    const file = path.resolve(fileArg);
    if (sub === 'show') {
      if (operation !== undefined) throw new UsageError(`Unexpected argument: ${operation}`);
      const rps = numberOption('rps', values.rps, { min: 0.1, max: 7 }) ?? 7;
      const db = openPlanDb(file, 'readonly');
      try {
        const plans = listPlans(db).map((p) => {
          const open = (p.byStatus.planned ?? 0) + (p.byStatus.batched ?? 0);
          return { ...p, dryRun: open > 0 ? dryRun(db, p.id, { rps, limit: 0 }) : null };
        });
        if (values.json) io.stdout(`${JSON.stringify({ plans: plans.map(({ dryRun: d, ...p }) => ({ ...p, ...(d ? { requests: d.requests, entities: d.entities, estimatedSeconds: d.estimatedSeconds, ...(d.warnings ? { warnings: d.warnings } : {}) } : {}), ...((p.byKind[UNDOCUMENTED_MERGE_KIND] ?? 0) > 0 ? { undocumented: UNDOCUMENTED_MERGE_LABEL } : {}) })) })}\n`);
        else if (plans.length === 0) io.stdout('No change plan in this snapshot yet.\n');
        else
          for (const p of plans) {
            const kinds = Object.entries(p.byKind).map(([k, n]) => `${k} ${n}`).join(', ');
            const statuses = Object.entries(p.byStatus).map(([k, n]) => `${k} ${n}`).join(', ');
            io.stdout(`plan ${p.id} (${p.kind}${p.rollbackOf ? ` of plan ${p.rollbackOf}` : ''}, ${p.status}): ${p.operations} operations [${kinds}] — ${statuses}\n`);
            if (p.dryRun) io.stdout(`  ${describeDryRun(p.dryRun, (p.byStatus.planned ?? 0) + (p.byStatus.batched ?? 0))}\n`);
            const undocumented = p.byKind[UNDOCUMENTED_MERGE_KIND] ?? 0;
            if (undocumented > 0) io.stdout(`  !! ${undocumented} ${UNDOCUMENTED_MERGE_KIND}: ${UNDOCUMENTED_MERGE_LABEL}\n`);
          }
        return 0;
      } finally {
        closeSnapshotDb(db);
      }
    }
    if (sub === 'checklist') {
      if (operation !== undefined) throw new UsageError(`Unexpected argument: ${operation}`);
      const db = openPlanDb(file, 'readonly');
      try {
        const items = adminChecklist(db);
        if (values.json) io.stdout(`${JSON.stringify({ items })}\n`);
        else if (items.length === 0) io.stdout('Nothing left for the admin.\n');
        else for (const i of items) io.stdout(`[ ] ${i.kind} ${i.entityType} #${i.id} ${i.name}${i.url ? `  ${i.url}` : ''}\n`);
        return 0;
      } finally {
        closeSnapshotDb(db);
      }
    }
    if (sub === 'suggest') {
      if (operation !== undefined) throw new UsageError(`Unexpected argument: ${operation}`);
      const db = openPlanDb(file, 'readonly');
      try {
        const review = lossReasonSuggestions(db, lostDealsWithoutReason(db).map((d) => d.id));
        if (values.json) io.stdout(`${JSON.stringify(review)}\n`);
        else {
          io.stdout(`${review.suggested} of ${review.deals} lost deals without a reason have a suggestion from their notes:\n`);
          for (const s of review.items) io.stdout(`  #${s.leadId} ${s.leadName} → ${s.reasonName ?? ''}   «${s.evidence ?? ''}»\n`);
          io.stdout('Add them with: amosweep plan add SNAPSHOT fill.loss_reason --suggest [--reason NAME for the rest]\n');
        }
        return 0;
      } finally {
        closeSnapshotDb(db);
      }
    }
    if (sub !== 'add') throw new UsageError(`Unknown subcommand "${sub}": use "add", "show", "checklist" or "suggest".`);
    if (!operation) throw new UsageError('Name the operation to add.');
    if (operation === 'merge' && values.accepted !== true) {
      throw new UsageError('merge needs --accepted (or use merge.contacts / merge.companies with --survivor and --losers).');
    }
    // a refused request (usage error, unknown reason or field) is found on a read-only
    // connection first, so it leaves the file byte-identical
    if (operation !== 'intents') {
      const ro = openPlanDb(file, 'readonly', { allowOlderSchema: true });
      try {
        if (schemaVersion(ro) === planMigrations().length) buildFromRequest(ro, requestFromFlags(operation, values));
      } finally {
        closeSnapshotDb(ro);
      }
    }
    const lock = await acquireWriterLock(file, { command: `amosweep plan add ${operation}`, waitSeconds, signal: io.signal, onWait: waitNotice(io, file) });
    let db: SqliteDb;
    try {
      db = openPlanDb(file, 'readwrite');
    } catch (error) {
      lock.release();
      throw error;
    }
    try {
      if (operation === 'intents') {
        const dueDays = numberOption('due-days', values['due-days'], { min: 0, max: 365, integer: true });
        const r = addIntentsToPlan(db, {
          ...(typeof values.reason === 'string' ? { reason: values.reason } : {}),
          ...(values.suggest === true ? { suggest: true } : {}),
          ...(commaIds(values, 'reject', 'deal ids') ? { reject: commaIds(values, 'reject', 'deal ids')! } : {}),
          ...(typeof values.text === 'string' ? { text: values.text } : {}),
          ...(dueDays !== undefined ? { dueDays } : {}),
        });
        for (const n of r.notes) io.stderr(`${n}\n`);
        if (values.json) io.stdout(`${JSON.stringify({ plan: r.plan, operations: r.operations, intents: r.intents })}\n`);
        else io.stdout(r.plan === null ? 'No pending fix intents: nothing added.\n' : `plan ${r.plan}: ${r.operations} operations added from ${r.intents} fix intents.\n`);
        return 0;
      }
      const ops = buildFromRequest(db, requestFromFlags(operation, values));
      if (operation === 'merge' && ops.length === 0) {
        // nothing to do is not an error (exit 0, like "No pending fix intents"), but it says why and what to do
        const groups = mergeGroupsWithState(db);
        const planned = groups.filter((g) => g.state === 'planned').length;
        const merged = groups.filter((g) => g.state === 'merged').length;
        io.stderr(
          groups.length === 0
            ? 'No accepted duplicate groups: nothing to merge. Review the groups first: in the app (Duplicates screen, "Объединить (a)") or with "amosweep duplicates SNAPSHOT", then run this again.\n'
            : `No accepted duplicate group left to plan: ${planned} already in an open plan, ${merged} already merged by a push. Accept more groups in the duplicates review, or push the open plan.\n`,
        );
        if (values.json) io.stdout(`${JSON.stringify({ plan: null, operations: 0, total: 0, accepted: groups.length, planned, merged })}\n`);
        else io.stdout('0 merge operations added.\n');
        return 0;
      }
      const plan = openPlanId(db);
      const added = addOperations(db, plan, ops);
      if (ops.some((o) => o.kind === UNDOCUMENTED_MERGE_KIND)) io.stderr(`WARNING: ${ops.length} ${UNDOCUMENTED_MERGE_KIND}: ${UNDOCUMENTED_MERGE_LABEL}.\n`);
      const total = countOperations(db, plan);
      if (values.json) io.stdout(`${JSON.stringify({ plan, operations: added, total })}\n`);
      else io.stdout(`plan ${plan}: ${added} ${operation} operations added (${total} in the plan).\n`);
      return 0;
    } finally {
      closeSnapshotDb(db);
      lock.release();
    }
  },
};

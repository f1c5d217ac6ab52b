// runtime: node
/**
 * "amosweep plan": through dispatch, like every command. show, checklist and suggest open the file
 * read-only (snapshot.open) and read it with the app's methods; add sends plan.add (intents:
 * plan.fromIntents) with the file, which checks the request read-only, then takes the file's writer
 * lock, waiting as --wait asks (electron/services/api/plan-add.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { InputOf } from '../../../shared/api/contract';
import type { PlanAddResult, PlanRequestInfo } from '../../../shared/api/methods/plan';
import { AppError } from '../../../shared/api/result';
import { PLAN_REQUEST, UNDOCUMENTED_MERGE, type RequiredParameter } from '../../../shared/plan/operations';
import { cliApi, type CliApi } from '../api';
import { numberOption, parseCommandArgs } from '../args';
import { UsageError, type CliCommand, type CliIo } from '../command';
import { extractWait, tellWhileWaiting, WAIT_HELP } from '../wait';

/** The usage, with the operations as the registry describes them (plan.requests). */
function usageOf(requests: readonly PlanRequestInfo[]): string {
  return `Usage:
  amosweep plan add SNAPSHOT <operation> [options] [--json]
  amosweep plan show SNAPSHOT [--json]
  amosweep plan checklist SNAPSHOT [--json]
  amosweep plan suggest SNAPSHOT [--json]

Adds operations to the snapshot's open change plan (nothing is sent: see "amosweep push"),
or lists the plans with their operations and a dry-run estimate, or lists what the public
API cannot do for the admin (unused tags, merged cards to delete, non-admins with delete
rights); the checklist is computed from the snapshot, so a refresh verifies it.

Operations:
${requests.flatMap((e) => (e.usage ? [`  ${e.usage}`] : [])).join('\n')}
  intents [--reason NAME] [--suggest [--reject ID,ID]] [--text TEXT] [--due-days N]
                                        the audit's pending Fix intents

Only "plan add" writes the file, holding its writer lock (one writer at a time); show,
checklist and suggest only read it.

Options:
${WAIT_HELP}
  --rps N    rate for the estimate in "plan show" (default 7)
  --json     add: {"plan": id, "operations": n}; show: {"plans": [...]}
`;
}

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


type AddRequest = Omit<InputOf<'plan.add'>, 'file' | 'waitSeconds' | 'writer'>;

/** The command line of "plan add" as the request the app's plan.add also sends (an empty flag counts as not given). */
function requestFromFlags(operation: AddRequest['operation'], values: FlagValues): AddRequest {
  const str = (k: string): string | undefined => (typeof values[k] === 'string' && values[k] !== '' ? (values[k] as string) : undefined);
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
  const request: AddRequest = {
    operation,
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
    rights: rights === undefined ? undefined : (readJson(rights, 'rights') as AddRequest['rights']),
    survivor: id('survivor'),
    losers: losers.length > 0 ? losers : undefined,
    undocumented: values.undocumented === true ? true : undefined,
  };
  // a flag left out is left out of the request, as a parameter the app leaves out
  return Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined)) as AddRequest;
}

/** A request the services refuse as incomplete or contradictory (BAD_INPUT with details.missing) is a usage error that names the flags. */
function asUsageError(error: unknown, operation: string): unknown {
  if (!(error instanceof AppError) || error.code !== 'BAD_INPUT' || !Array.isArray(error.details?.missing)) return error;
  const missing = error.details.missing as RequiredParameter[];
  return new UsageError(missing.length > 0 ? `${operation} needs ${missing.map((m) => FLAG_OF[m] ?? `--${m}`).join(' ')}.` : error.message);
}

/** Opens the file read-only for the calls that follow (show, checklist, suggest: the file stays byte-identical). */
async function reading<T>(file: string, read: (api: CliApi) => Promise<T>): Promise<T> {
  const api = cliApi();
  try {
    await api.call('snapshot.open', { file, access: 'edit' });
    return await read(api);
  } finally {
    api.close();
  }
}

/** A write through dispatch: while its job waits for another writer, the holder is told once. */
async function writing<T>(io: CliIo, file: string, write: (api: CliApi) => Promise<T>): Promise<T> {
  const api = cliApi();
  const stop = tellWhileWaiting(api, io, file, ['plan']);
  try {
    return await write(api);
  } finally {
    stop();
    api.close();
  }
}

async function show(io: CliIo, file: string, rps: number, json: boolean): Promise<void> {
  const plans = await reading(file, async (api) => {
    const out = [];
    for (const p of await api.call('plan.list', {})) {
      const open = (p.byStatus.planned ?? 0) + (p.byStatus.batched ?? 0);
      out.push({ ...p, dryRun: open > 0 ? await api.call('plan.dryRun', { plan: p.id, rps, limit: 0, changes: 0 }) : null });
    }
    return out;
  });
  const undocumentedOf = (p: { byKind: Record<string, number> }): number => p.byKind[UNDOCUMENTED_MERGE.kind] ?? 0;
  if (json) {
    const rows = plans.map(({ dryRun: d, ...p }) => ({
      ...p,
      ...(d ? { requests: d.requests, entities: d.entities, estimatedSeconds: d.estimatedSeconds, ...(d.warnings ? { warnings: d.warnings } : {}) } : {}),
      ...(undocumentedOf(p) > 0 ? { undocumented: UNDOCUMENTED_MERGE.label } : {}),
    }));
    io.stdout(`${JSON.stringify({ plans: rows })}\n`);
  } else if (plans.length === 0) io.stdout('No change plan in this snapshot yet.\n');
  else
    for (const p of plans) {
      const kinds = Object.entries(p.byKind).map(([k, n]) => `${k} ${n}`).join(', ');
      const statuses = Object.entries(p.byStatus).map(([k, n]) => `${k} ${n}`).join(', ');
      io.stdout(`plan ${p.id} (${p.kind}${p.rollbackOf ? ` of plan ${p.rollbackOf}` : ''}, ${p.status}): ${p.operations} operations [${kinds}] — ${statuses}\n`);
      if (p.dryRun) io.stdout(`  ${p.dryRun.summary ?? ''}\n`);
      const undocumented = undocumentedOf(p);
      if (undocumented > 0) io.stdout(`  !! ${undocumented} ${UNDOCUMENTED_MERGE.kind}: ${UNDOCUMENTED_MERGE.label}\n`);
    }
}

async function checklist(io: CliIo, file: string, json: boolean): Promise<void> {
  const items = await reading(file, (api) => api.call('plan.checklist', {}));
  if (json) io.stdout(`${JSON.stringify({ items })}\n`);
  else if (items.length === 0) io.stdout('Nothing left for the admin.\n');
  else for (const i of items) io.stdout(`[ ] ${i.kind} ${i.entityType} #${i.id} ${i.name}${i.url ? `  ${i.url}` : ''}\n`);
}

async function suggest(io: CliIo, file: string, json: boolean): Promise<void> {
  const review = await reading(file, (api) => api.call('plan.suggestLossReasons', { limit: null }));
  if (json) io.stdout(`${JSON.stringify(review)}\n`);
  else {
    io.stdout(`${review.suggested} of ${review.deals} lost deals without a reason have a suggestion from their notes:\n`);
    for (const s of review.items) io.stdout(`  #${s.leadId} ${s.leadName} → ${s.reasonName ?? ''}   «${s.evidence ?? ''}»\n`);
    io.stdout('Add them with: amosweep plan add SNAPSHOT fill.loss_reason --suggest [--reason NAME for the rest]\n');
  }
}

/** "plan add intents": the audit's pending Fix intents (plan.fromIntents with the file). */
async function addIntents(io: CliIo, run: { file: string; waitSeconds: number | null; writer: string }, values: FlagValues): Promise<void> {
  const dueDays = numberOption('due-days', typeof values['due-days'] === 'string' ? values['due-days'] : undefined, { min: 0, max: 365, integer: true });
  const reject = commaIds(values, 'reject', 'deal ids');
  const options = {
    ...(typeof values.reason === 'string' && values.reason !== '' ? { reason: values.reason } : {}),
    ...(values.suggest === true ? { suggest: true } : {}),
    ...(reject ? { reject } : {}),
    ...(typeof values.text === 'string' && values.text !== '' ? { text: values.text } : {}),
    ...(dueDays !== undefined ? { dueDays } : {}),
  };
  const r = await writing(io, run.file, (api) => api.callCancellable('plan.fromIntents', { ...options, ...run }, io.signal));
  for (const n of r.notes) io.stderr(`${n}\n`);
  if (values.json === true) io.stdout(`${JSON.stringify({ plan: r.plan, operations: r.operations, intents: r.intents })}\n`);
  else io.stdout(r.plan === null ? 'No pending fix intents: nothing added.\n' : `plan ${r.plan}: ${r.operations} operations added from ${r.intents} fix intents.\n`);
}

/** "plan add OPERATION": plan.add with the file, its writer lock waited for as --wait asks. */
async function add(io: CliIo, file: string, operation: string, values: FlagValues, waitSeconds: number, requests: readonly PlanRequestInfo[]): Promise<void> {
  const run = { file, waitSeconds: Number.isFinite(waitSeconds) ? waitSeconds : null, writer: `amosweep plan add ${operation}` };
  if (operation === 'intents') return addIntents(io, run, values);
  const name = operation === 'merge' ? PLAN_REQUEST.mergeAccepted : operation;
  const known = requests.find((e) => e.request === name);
  if (!known) throw new UsageError(`Unknown operation "${name}".`);
  const request = requestFromFlags(known.request, values);
  let r: PlanAddResult;
  try {
    r = await writing(io, file, (api) => api.callCancellable('plan.add', { ...request, ...run }, io.signal));
  } catch (error) {
    throw asUsageError(error, name);
  }
  const json = values.json === true;
  if (r.plan === null) {
    // nothing to do is not an error (exit 0, like "No pending fix intents"), but it says why and what to do
    const { accepted, planned, merged } = r.merge ?? { accepted: 0, planned: 0, merged: 0 };
    io.stderr(
      accepted === 0
        ? 'No accepted duplicate groups: nothing to merge. Review the groups first: in the app (Duplicates screen, "Объединить (a)") or with "amosweep duplicates SNAPSHOT", then run this again.\n'
        : `No accepted duplicate group left to plan: ${planned} already in an open plan, ${merged} already merged by a push. Accept more groups in the duplicates review, or push the open plan.\n`,
    );
    if (json) io.stdout(`${JSON.stringify({ plan: null, operations: 0, total: 0, accepted, planned, merged })}\n`);
    else io.stdout(`0 ${operation} operations added.\n`);
    return;
  }
  if (r.undocumented) io.stderr(`WARNING: ${r.undocumented} ${UNDOCUMENTED_MERGE.kind}: ${UNDOCUMENTED_MERGE.label}.\n`);
  if (json) io.stdout(`${JSON.stringify({ plan: r.plan, operations: r.operations, total: r.total })}\n`);
  else io.stdout(`plan ${r.plan}: ${r.operations} ${operation} operations added (${r.total} in the plan).\n`);
}

/** The command, its usage listing the operations the registry describes (plan.requests). */
export async function loadCommand(): Promise<CliCommand> {
  const api = cliApi();
  let requests: PlanRequestInfo[];
  try {
    requests = await api.call('plan.requests', {});
  } finally {
    api.close();
  }
  const usage = usageOf(requests);
  return {
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
      const json = values.json === true;
      if ((sub === 'show' || sub === 'checklist' || sub === 'suggest') && operation !== undefined) throw new UsageError(`Unexpected argument: ${operation}`);
      if (sub === 'show') await show(io, file, numberOption('rps', typeof values.rps === 'string' ? values.rps : undefined, { min: 0.1, max: 7 }) ?? 7, json);
      else if (sub === 'checklist') await checklist(io, file, json);
      else if (sub === 'suggest') await suggest(io, file, json);
      else if (sub !== 'add') throw new UsageError(`Unknown subcommand "${sub}": use "add", "show", "checklist" or "suggest".`);
      else if (!operation) throw new UsageError('Name the operation to add.');
      else if (operation === 'merge' && values.accepted !== true) throw new UsageError('merge needs --accepted (or use merge.contacts / merge.companies with --survivor and --losers).');
      else await add(io, file, operation, values, waitSeconds, requests);
      return 0;
    },
  };
}

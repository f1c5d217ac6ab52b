// runtime: node
import type { HandlersFor } from '../../../shared/api/dispatch';
import type { planMethods } from '../../../shared/api/methods/plan';
import { AppError } from '../../../shared/api/result';
import type { AmoClient } from '../amo/client';
import type { SqliteDb } from '../db/open';
import {
  buildFieldsDelete,
  buildFieldsToList,
  buildFillLossReason,
  buildNormalizePhones,
  buildSplitStuffed,
  buildTagsDetach,
  buildTasksCreate,
} from '../plan/builders';
import { buildFromIntents, markIntentsPlanned } from '../plan/intents';
import { acceptedMergeGroups, buildMerges } from '../plan/merge';
import { buildRevokeDelete, buildRolesCreate } from '../plan/roles';
import { addOperations, getPlan, listOperations, listPlans, openPlanId } from '../plan/store';
import { exportPlanXlsx } from '../plan-export/workbook';
import type { NewOperation } from '../plan/types';
import { dryRun } from '../push/dry-run';
import { pushPlan } from '../push/engine';
import { rollbackPlanFor } from '../push/rollback';
import type { ServiceDeps } from './deps';

export interface PlanHandlerOptions {
  /** The rate-limited client of a connection (the connection registry lives with the snapshot handlers). */
  clientFor?: (connectionId: string, rps: number) => AmoClient;
}

function hasPlanTables(db: SqliteDb): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'plans'").get() !== undefined;
}

export function createPlanHandlers(deps: ServiceDeps, options: PlanHandlerOptions = {}): HandlersFor<typeof planMethods> {
  const readDb = (): SqliteDb => {
    const { db } = deps.session.require();
    if (!hasPlanTables(db)) throw new AppError('SNAPSHOT_INVALID', 'This snapshot has no change plan tables (migration 0004 is not applied).');
    return db;
  };
  const writeDb = (): SqliteDb => {
    const { db } = deps.session.requireWritable();
    if (!hasPlanTables(db)) throw new AppError('SNAPSHOT_INVALID', 'This snapshot has no change plan tables (migration 0004 is not applied).');
    return db;
  };
  return {
    'plan.list': () => (hasPlanTables(deps.session.require().db) ? listPlans(readDb()) : []),
    'plan.operations': ({ plan, status, offset, limit }) => listOperations(readDb(), plan, { ...(status ? { status } : {}), offset, limit }),
    'plan.add': (input) => {
      const db = writeDb();
      let ops: NewOperation[];
      switch (input.operation) {
        case 'fill.loss_reason':
          if (!input.reason) throw new AppError('BAD_INPUT', 'fill.loss_reason needs a reason.');
          ops = buildFillLossReason(db, { reason: input.reason, ...(input.ids ? { ids: input.ids } : {}) });
          break;
        case 'normalize.phones':
          ops = buildNormalizePhones(db);
          break;
        case 'split.stuffed':
          ops = buildSplitStuffed(db);
          break;
        case 'tags.detach':
          if (!input.tag || !input.entity) throw new AppError('BAD_INPUT', 'tags.detach needs a tag and an entity type.');
          ops = buildTagsDetach(db, { tag: input.tag, entity: input.entity });
          break;
        case 'fields.delete':
          if (!input.field) throw new AppError('BAD_INPUT', 'fields.delete needs a field id.');
          ops = buildFieldsDelete(db, { field: input.field });
          break;
        case 'tasks.create':
          if (!input.text) throw new AppError('BAD_INPUT', 'tasks.create needs a text.');
          ops = buildTasksCreate(db, { text: input.text, dueDays: input.dueDays ?? 1, ...(input.ids ? { ids: input.ids } : {}) });
          break;
        case 'fields.to_list':
          if (!input.field) throw new AppError('BAD_INPUT', 'fields.to_list needs a field id.');
          ops = buildFieldsToList(db, { field: input.field, ...(input.name ? { name: input.name } : {}), ...(input.mapping ? { mapping: input.mapping } : {}) });
          break;
        case 'merge.accepted':
          // public API only from the app; the undocumented merge stays a CLI opt-in
          ops = buildMerges(db, acceptedMergeGroups(db));
          break;
        case 'roles.create':
          if (!input.name) throw new AppError('BAD_INPUT', 'roles.create needs a name.');
          ops = buildRolesCreate(db, { name: input.name, ...(input.preset ? { preset: input.preset } : {}), ...(input.fromUser ? { fromUser: input.fromUser } : {}) });
          break;
        case 'rights.revoke_delete':
          ops = buildRevokeDelete(db);
          break;
      }
      const plan = openPlanId(db);
      return { plan, operations: addOperations(db, plan, ops) };
    },
    'plan.fromIntents': ({ reason, text, dueDays }) => {
      const db = writeDb();
      const r = buildFromIntents(db, {
        ...(reason ? { reason } : {}),
        ...(text ? { text } : {}),
        ...(dueDays !== undefined ? { dueDays } : {}),
      });
      if (r.intentIds.length === 0) return { plan: null, operations: 0, intents: 0, notes: r.notes };
      return db.transaction(() => {
        const plan = openPlanId(db);
        const operations = addOperations(db, plan, r.operations);
        markIntentsPlanned(db, r.intentIds, plan);
        return { plan, operations, intents: r.intentIds.length, notes: r.notes };
      })();
    },
    'plan.lossReasons': () => {
      const { db } = deps.session.require();
      if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'loss_reasons'").get() === undefined) return [];
      return db.prepare('SELECT id, name FROM loss_reasons ORDER BY sort, id').all() as { id: number; name: string }[];
    },
    'plan.export': async ({ plan, lang, inline }) => {
      const db = readDb();
      getPlan(db, plan);
      return exportPlanXlsx(db, plan, { dataDir: deps.dataDir, lang, inline, snapshotFile: deps.session.require().file });
    },
    'plan.dryRun': ({ plan, rps, limit }) => dryRun(readDb(), plan, { rps, limit }),
    'plan.push': ({ plan, connectionId, rps }) => {
      const db = writeDb();
      getPlan(db, plan);
      if (!options.clientFor) throw new AppError('INTERNAL', 'Pushing from the app needs the connection registry (not wired in this build); use "amosweep push".');
      const client = options.clientFor(connectionId, rps);
      const job = deps.jobs.start({
        kind: 'push',
        titleKey: 'changes:job.push',
        titleParams: { plan },
        run: async (control) => ({ ...(await pushPlan(db, plan, { client, rps, control })) }),
      });
      return { jobId: job.id };
    },
    'plan.rollback': ({ plan, operations }) => {
      const rb = rollbackPlanFor(writeDb(), plan, operations);
      return { plan: rb.plan, operations: rb.operations };
    },
  };
}

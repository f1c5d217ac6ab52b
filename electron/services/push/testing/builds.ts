// runtime: node
/**
 * Test support: the plan requests as functions, built the way the app and the CLI build them
 * (plan/request.ts → the operation module the registry names), and merge groups planned directly.
 */
import type { SqliteDb } from '../../db/open';
import { buildOperations } from '../../plan/request';
import type { CrmEntity, NewOperation } from '../../plan/types';
import { PLAN_REQUEST } from '../../../../shared/plan/operations';

export { buildMerges, buildUndocumentedMerges, mergeTag } from '../operations';

type Ids = { ids?: readonly number[] };

export const buildFillLossReason = (db: SqliteDb, o: { reason?: string; suggest?: boolean; reject?: readonly number[] } & Ids): NewOperation[] =>
  buildOperations(db, { operation: PLAN_REQUEST.fillLossReason, ...o });
export const buildNormalizePhones = (db: SqliteDb): NewOperation[] => buildOperations(db, { operation: PLAN_REQUEST.normalizePhones });
export const buildSplitStuffed = (db: SqliteDb): NewOperation[] => buildOperations(db, { operation: PLAN_REQUEST.splitStuffed });
export const buildTagsDetach = (db: SqliteDb, o: { tag: string; entity: CrmEntity }): NewOperation[] => buildOperations(db, { operation: PLAN_REQUEST.tagsDetach, ...o });
export const buildTasksCreate = (db: SqliteDb, o: { text: string; dueDays: number } & Ids): NewOperation[] => buildOperations(db, { operation: PLAN_REQUEST.tasksCreate, ...o });
export const buildFieldsDelete = (db: SqliteDb, o: { field: number }): NewOperation[] => buildOperations(db, { operation: PLAN_REQUEST.fieldsDelete, ...o });
export const buildFieldsToList = (db: SqliteDb, o: { field: number; name?: string; mapping?: Record<string, string | null> }): NewOperation[] =>
  buildOperations(db, { operation: PLAN_REQUEST.fieldsToList, ...o });
export const buildRolesCreate = (db: SqliteDb, o: { name: string; preset?: string; fromUser?: number; rights?: unknown }): NewOperation[] =>
  buildOperations(db, { operation: PLAN_REQUEST.rolesCreate, ...o });
export const buildRevokeDelete = (db: SqliteDb): NewOperation[] => buildOperations(db, { operation: PLAN_REQUEST.rightsRevokeDelete });

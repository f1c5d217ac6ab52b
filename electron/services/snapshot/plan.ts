// runtime: node
import type { CollectionFile } from '../../../shared/amo/wire';
import type { QueryValue } from '../amo/client';
import { ID_ORDER } from './reconcile';

/**
 * What a snapshot fetches, in order. `small` collections (reference data: a handful of
 * pages) are fetched whole and replace their rows in one transaction, so a refresh also
 * drops what was deleted; the large ones are paged, each page committed with its cursor.
 */
export interface CollectionPlan {
  /** key in the collections table */
  name: 'account' | CollectionFile;
  path: string;
  embeddedKey: string;
  query: Record<string, QueryValue>;
  small: boolean;
  /** the entity timestamp filtered on in a refresh / windowed fetch */
  stamp?: 'updated_at' | 'created_at';
  /** notes and events: only a recent window (filter[...][from]) */
  windowed?: boolean;
  /** for deletes on refresh of a small collection */
  replaceSql?: string[];
}

const ENTITIES = ['leads', 'contacts', 'companies'] as const;

export function snapshotPlan(): CollectionPlan[] {
  const plan: CollectionPlan[] = [
    { name: 'account', path: '/api/v4/account', embeddedKey: '', query: { with: 'task_types,users_groups' }, small: true },
    { name: 'users', path: '/api/v4/users', embeddedKey: 'users', query: { with: 'role,group', limit: 250 }, small: true, replaceSql: ['DELETE FROM users'] },
    { name: 'roles', path: '/api/v4/roles', embeddedKey: 'roles', query: { limit: 250 }, small: true, replaceSql: ['DELETE FROM roles'] },
    {
      name: 'leads_pipelines',
      path: '/api/v4/leads/pipelines',
      embeddedKey: 'pipelines',
      query: {},
      small: true,
      replaceSql: ['DELETE FROM statuses', 'DELETE FROM pipelines'],
    },
    { name: 'leads_loss_reasons', path: '/api/v4/leads/loss_reasons', embeddedKey: 'loss_reasons', query: { limit: 250 }, small: true, replaceSql: ['DELETE FROM loss_reasons'] },
  ];
  for (const e of ENTITIES) {
    plan.push({
      name: `${e}_custom_fields`,
      path: `/api/v4/${e}/custom_fields`,
      embeddedKey: 'custom_fields',
      query: { limit: 250 },
      small: true,
      replaceSql: [`DELETE FROM custom_field_enums WHERE entity_type = '${e}'`, `DELETE FROM custom_fields WHERE entity_type = '${e}'`],
    });
    plan.push({
      name: `${e}_custom_fields_groups`,
      path: `/api/v4/${e}/custom_fields/groups`,
      embeddedKey: 'custom_field_groups',
      query: { limit: 250 },
      small: true,
      replaceSql: [`DELETE FROM custom_field_groups WHERE entity_type = '${e}'`],
    });
    plan.push({
      name: `${e}_tags`,
      path: `/api/v4/${e}/tags`,
      embeddedKey: 'tags',
      query: { limit: 250 },
      small: true,
      replaceSql: [`DELETE FROM tags WHERE entity_type = '${e}'`],
    });
  }
  plan.push(
    // id order: an entity trashed on a page already read can only move later ids back (reconcile.ts)
    { name: 'leads', path: '/api/v4/leads', embeddedKey: 'leads', query: { with: 'contacts,loss_reason,source_id', limit: 250, ...ID_ORDER }, small: false, stamp: 'updated_at' },
    { name: 'contacts', path: '/api/v4/contacts', embeddedKey: 'contacts', query: { limit: 250, ...ID_ORDER }, small: false, stamp: 'updated_at' },
    { name: 'companies', path: '/api/v4/companies', embeddedKey: 'companies', query: { limit: 250, ...ID_ORDER }, small: false, stamp: 'updated_at' },
    { name: 'tasks', path: '/api/v4/tasks', embeddedKey: 'tasks', query: { limit: 250 }, small: false, stamp: 'updated_at' },
  );
  for (const e of ENTITIES) {
    plan.push({ name: `${e}_notes`, path: `/api/v4/${e}/notes`, embeddedKey: 'notes', query: { limit: 250 }, small: false, stamp: 'updated_at', windowed: true });
  }
  plan.push({ name: 'events', path: '/api/v4/events', embeddedKey: 'events', query: { limit: 100 }, small: false, stamp: 'created_at', windowed: true });
  return plan;
}

/** Tables counted in results and SnapshotInfo.counts. */
export const COUNTED_TABLES = [
  'contacts',
  'companies',
  'leads',
  'tasks',
  'users',
  'roles',
  'pipelines',
  'statuses',
  'custom_fields',
  'tags',
  'loss_reasons',
  'notes',
  'events',
  'task_types',
] as const;

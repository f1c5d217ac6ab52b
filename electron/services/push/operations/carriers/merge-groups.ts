// runtime: node
/**
 * merge.contacts / merge.companies through the public API, which cannot merge or delete
 * cards. One accepted group becomes these operations, sent phase by phase for every group:
 *   merge.survivor  PATCH the survivor: chosen values; phones and e-mails unioned (read-modify-write)
 *   merge.link / merge.unlink  the losers' deals (and companies / contacts) moved to the survivor
 *   merge.task      open tasks of the losers re-pointed to the survivor
 *   merge.note      the losers' notes copied into one summary note on the survivor
 *   fields.ensure   the checkbox field "Удалить", created when the account lacks it (looked up by name first)
 *   merge.mark      losers tagged "amosweep:merged→<survivor>" and ticked "Удалить"
 * Every operation after the survivor's waits for it: if the survivor could not be updated
 * (a conflict), nothing else of the group is sent. Opt-in instead: merge.undocumented, one per
 * group (amoCRM's private merge endpoint).
 */
import { AppError } from '../../../../../shared/api/result';
import type { SqliteDb } from '../../../db/open';
import {
  checkboxFieldsOf,
  commFieldsOf,
  contactHasCompany,
  contactsOfCompany,
  firstCompanyOfContact,
  leadsOfCompany,
  leadsOfContact,
  liveContactExists,
  liveEntityRawLookup,
  notesOfEntities,
  openTasksOf,
} from '../../../snapshot/store';
import type { MergeGroup } from '../../../plan/merge';
import { fieldValues } from '../../../plan/transforms';
import type {
  CrmEntity,
  EnsureFieldParams,
  FieldValue,
  LinkParams,
  MergeMarkParams,
  MergeNoteParams,
  MergeSurvivorParams,
  MergeTaskParams,
  MergeUndocumentedParams,
  NewOperation,
  OpRef,
} from '../../../plan/types';

export const mergeTag = (survivor: number): string => `amosweep:merged→${survivor}`;
/** the checkbox field merged-away cards are ticked in, for an admin to delete them */
export const DELETE_FIELD_NAME = 'Удалить';

const PHASES = ['merge.survivor', 'merge.unlink.first', 'merge.link', 'merge.unlink', 'merge.task', 'merge.note', 'merge.mark'] as const;

function noteText(db: SqliteDb, entity: string, losers: number[]): string | null {
  const rows = notesOfEntities(db, entity, losers);
  if (rows.length === 0) return null;
  const lines = rows.map((r) => {
    const raw = JSON.parse(r.raw) as { params?: { text?: unknown; phone?: unknown } };
    const text = typeof raw.params?.text === 'string' ? raw.params.text : typeof raw.params?.phone === 'string' ? `${r.note_type ?? ''} ${raw.params.phone}` : (r.note_type ?? '');
    const date = r.created_at ? new Date(r.created_at * 1000).toISOString().slice(0, 10) : '';
    return `— #${r.entity_id} ${date}: ${text}`;
  });
  return [`AmoSweep: примечания карточек ${losers.map((l) => `#${l}`).join(', ')}, объединённых с этой:`, ...lines].join('\n').slice(0, 60_000);
}

/** The operations of accepted merge groups, phase by phase (every group's survivor first). */
export function buildMerges(db: SqliteDb, groups: readonly MergeGroup[]): NewOperation[] {
  const used = new Set<string>();
  const ensured = new Set<string>();
  const byPhase = new Map<string, NewOperation[]>(PHASES.map((p) => [p, []]));
  const add = (phase: (typeof PHASES)[number], op: NewOperation) => byPhase.get(phase)!.push(op);
  for (const g of groups) {
    const entity = g.entity;
    const losers = [...new Set(g.losers)].filter((id) => id !== g.survivor);
    if (losers.length === 0) throw new AppError('BAD_INPUT', `Merge group of ${entity} ${g.survivor} has no other card.`);
    for (const id of [g.survivor, ...losers]) {
      const key = `${entity}:${id}`;
      if (used.has(key)) throw new AppError('BAD_INPUT', `${entity} ${id} is in two merge groups.`);
      used.add(key);
    }
    const raw = liveEntityRawLookup(db, entity);
    const objOf = (id: number): Record<string, unknown> => {
      const row = raw(id);
      if (!row) throw new AppError('NOT_FOUND', `${entity} ${id} is not in the snapshot.`);
      return JSON.parse(row.raw) as Record<string, unknown>;
    };
    objOf(g.survivor);
    const loserObjs = losers.map(objOf);
    const fields = (
      commFieldsOf(db, entity)
    ).map((f) => ({ id: f.id, kind: f.code === 'PHONE' ? ('phone' as const) : ('email' as const) }));
    const loserValues: Record<string, FieldValue[]> = {};
    for (const f of fields) loserValues[String(f.id)] = loserObjs.flatMap((o) => fieldValues(o, f.id));
    add('merge.survivor', {
      kind: 'merge.survivor',
      entityType: entity,
      entityId: g.survivor,
      params: { entity, losers, fields, loserValues, choices: g.choices ?? {} } satisfies MergeSurvivorParams,
      source: `merge:${entity}:${g.survivor}`,
    });
    const requires: OpRef = { kind: 'merge.survivor', entityType: entity, entityId: g.survivor };
    const link = (phase: (typeof PHASES)[number], kind: 'merge.link' | 'merge.unlink', from: CrmEntity, fromId: number, p: LinkParams) =>
      add(phase, { kind, entityType: from, entityId: fromId, params: { ...p, requires }, source: `merge:${entity}:${g.survivor}` });
    for (const loser of losers) {
      if (entity === 'contacts') {
        for (const r of leadsOfContact(db, loser)) {
          link('merge.link', 'merge.link', 'leads', r.lead_id, { toType: 'contacts', toId: g.survivor, isMain: r.is_main === 1 });
          link('merge.unlink', 'merge.unlink', 'leads', r.lead_id, { toType: 'contacts', toId: loser });
        }
        const survivorCompany = contactHasCompany(db, g.survivor);
        const company = firstCompanyOfContact(db, loser);
        if (!survivorCompany && company) link('merge.link', 'merge.link', 'contacts', g.survivor, { toType: 'companies', toId: company.company_id });
      } else {
        // a deal and a contact have at most one company: unlink the loser first, then link the survivor
        for (const r of leadsOfCompany(db, loser)) {
          link('merge.unlink.first', 'merge.unlink', 'leads', r.lead_id, { toType: 'companies', toId: loser });
          link('merge.link', 'merge.link', 'leads', r.lead_id, { toType: 'companies', toId: g.survivor });
        }
        for (const r of contactsOfCompany(db, loser)) {
          link('merge.unlink.first', 'merge.unlink', 'contacts', r.contact_id, { toType: 'companies', toId: loser });
          link('merge.link', 'merge.link', 'contacts', r.contact_id, { toType: 'companies', toId: g.survivor });
        }
      }
      for (const t of openTasksOf(db, entity, loser)) {
        add('merge.task', { kind: 'merge.task', entityType: 'tasks', entityId: t.id, params: { survivor: g.survivor, entity, requires } satisfies MergeTaskParams, source: `merge:${entity}:${g.survivor}` });
      }
    }
    const text = noteText(db, entity, losers);
    if (text) add('merge.note', { kind: 'merge.note', entityType: entity, entityId: g.survivor, params: { entity, text, requires } satisfies MergeNoteParams, source: `merge:${entity}:${g.survivor}` });
    const del = (
      checkboxFieldsOf(db, entity)
    ).find((f) => (f.name ?? '').trim().toLocaleLowerCase('ru') === DELETE_FIELD_NAME.toLocaleLowerCase('ru'));
    // the account lacks the checkbox: one fields.ensure per entity type creates it (or finds it, if made since the snapshot)
    const ensure: OpRef = { kind: 'fields.ensure', entityType: entity, entityId: 0 };
    if (!del && !ensured.has(entity)) {
      ensured.add(entity);
      add('merge.mark', {
        kind: 'fields.ensure',
        entityType: entity,
        entityId: 0,
        params: { fieldEntity: entity, definition: { name: DELETE_FIELD_NAME, type: 'checkbox' } } satisfies EnsureFieldParams,
        source: `merge:${entity}:field`,
      });
    }
    for (const loser of losers) {
      add('merge.mark', {
        kind: 'merge.mark',
        entityType: entity,
        entityId: loser,
        params: { survivor: g.survivor, tag: mergeTag(g.survivor), deleteFieldId: del?.id ?? null, ...(del ? {} : { fieldFrom: ensure }), requires } satisfies MergeMarkParams,
        source: `merge:${entity}:${g.survivor}`,
      });
    }
  }
  return PHASES.flatMap((p) => byPhase.get(p)!);
}

export const COMPANIES_UNDOCUMENTED_REFUSED =
  'The undocumented merge is offered for contacts only: whether amoCRM has /ajax/merge/companies/ is UNCONFIRMED (API doc §15), so AmoSweep does not guess. Merge companies without --undocumented (public API: relink, tag and mark for deletion).';

/**
 * Opt-in: accepted contact groups merged by amoCRM's PRIVATE, UNDOCUMENTED merge endpoint
 * (doc §15), one merge.undocumented operation per group. IRREVERSIBLE (no rollback). A group of
 * companies is refused: the companies endpoint is unconfirmed.
 */
export function buildUndocumentedMerges(db: SqliteDb, groups: readonly MergeGroup[]): NewOperation[] {
  if (groups.some((g) => g.entity === 'companies')) throw new AppError('BAD_INPUT', COMPANIES_UNDOCUMENTED_REFUSED);
  const used = new Set<number>();
  const exists = liveContactExists(db);
  const fields = commFieldsOf(db, 'contacts').map((f) => ({
    id: f.id,
    kind: f.code === 'PHONE' ? ('phone' as const) : ('email' as const),
  }));
  return groups.map((g) => {
    const losers = [...new Set(g.losers)].filter((id) => id !== g.survivor);
    if (losers.length === 0) throw new AppError('BAD_INPUT', `Merge group of contacts ${g.survivor} has no other card.`);
    for (const id of [g.survivor, ...losers]) {
      if (used.has(id)) throw new AppError('BAD_INPUT', `contacts ${id} is in two merge groups.`);
      used.add(id);
      if (!exists(id)) throw new AppError('NOT_FOUND', `contacts ${id} is not in the snapshot.`);
    }
    return {
      kind: 'merge.undocumented' as const,
      entityType: 'contacts' as const,
      entityId: g.survivor,
      params: { entity: 'contacts', losers, fields, choices: g.choices ?? {} } satisfies MergeUndocumentedParams,
      source: `merge:contacts:${g.survivor}:undocumented`,
    };
  });
}

// runtime: node
import type {
  GroupStatus,
  MatchCardView,
  MatchDecisionView,
  MatchEntity,
  MatchFieldChoice,
  MatchFieldRow,
  MatchGroupDetail,
  MatchGroupSummary,
  MatchPairView,
  MatchWeightsView,
  MatchRunInfo,
  RiskFlag,
  SurvivorRule,
} from '../../../shared/api/methods/match';
import { blocksBulkAccept, RESPONSIBLE_FIELD } from '../../../shared/api/methods/match';
import { AppError } from '../../../shared/api/result';
import { canonicalEmails } from '../../../shared/normalize/email';
import { nameQuality } from '../../../shared/normalize/names';
import type { SqliteDb } from '../db/open';
import { cardNameLookup, cardRawLookup, leadCountsOfCard, liveCardRaws, openLeadPipelinesOfCard, userNameLookup } from '../snapshot/store';
import { runMatch, type MatchRun } from './engine';
import { phoneKeys } from './phones';
import type { Rules } from './rules';
import type { AmoEntity, PairExplanation } from './types';

/** A match run computed and not yet stored: what a worker thread posts back. */
export interface ComputedRun {
  records: number;
  durationMs: number;
  stats: Record<string, unknown>;
  weights: MatchWeightsView[];
  groups: { ids: number[]; confidence: number; risk: RiskFlag[]; explanation: MatchPairView[] }[];
}

/** A run whose groups are still being stored (saveInTurns) */
const INCOMPLETE = `stats LIKE '%"incomplete":true%'`;

const LARGE_GROUP = 5;
const GENERIC_SHARED = 5;
const GENERIC_LOCALS = /^(info|office|mail|sales|zakaz|order|orders|admin|support|hello|contact|contacts|buh|secretary|reception|manager|noreply|no-reply|post|priemnaya|client|clients)$/;

/** Values that identify a card; a name shared by many cards is normal, a phone shared by many is an office line. */
const IDENTITY_KINDS = new Set(['phone', 'email', 'exact', 'company', 'address', 'text']);

const now = () => Math.floor(Date.now() / 1000);
const pairKey = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
export const groupKeyOf = (ids: readonly number[]) => [...ids].sort((x, y) => x - y).join(',');

interface GroupRow {
  run_id: number;
  group_no: number;
  group_key: string;
  member_ids: string;
  size: number;
  confidence: number;
  risk: string;
  explanation: string;
}

interface DecisionRow {
  id: number;
  entity_type: string;
  kind: string;
  group_key: string | null;
  member_ids: string;
  survivor_id: number | null;
  loser_ids: string | null;
  survivor_rule: string | null;
  field_choices: string | null;
  source: string;
  created_at: number;
  undone_at: number | null;
}

function toView(r: DecisionRow): MatchDecisionView {
  return {
    id: r.id,
    entity: r.entity_type as MatchEntity,
    kind: r.kind as MatchDecisionView['kind'],
    groupKey: r.group_key,
    ids: JSON.parse(r.member_ids) as number[],
    survivorId: r.survivor_id,
    loserIds: r.loser_ids ? (JSON.parse(r.loser_ids) as number[]) : [],
    survivorRule: r.survivor_rule,
    fieldChoices: r.field_choices ? (JSON.parse(r.field_choices) as MatchDecisionView['fieldChoices']) : {},
    source: r.source,
    createdAt: r.created_at,
    undoneAt: r.undone_at,
  };
}

/** Matching on a snapshot: runs, stored groups, and the decisions taken on them. */
export class MatchStore {
  constructor(private readonly db: SqliteDb) {}

  /** Every live card of an entity, as amoCRM sent it. */
  loadEntities(entity: MatchEntity): AmoEntity[] {
    const rows = liveCardRaws(this.db, entity);
    return rows.map((r) => JSON.parse(r.raw) as AmoEntity);
  }

  /** Pairs that "not a duplicate" decisions keep apart. */
  forbiddenPairs(entity: MatchEntity): Set<string> {
    const rows = this.db
      .prepare(
        `SELECT p.a, p.b FROM match_decision_pairs p JOIN match_decisions d ON d.id = p.decision_id
         WHERE p.entity_type = ? AND d.undone_at IS NULL`,
      )
      .all(entity) as { a: number; b: number }[];
    return new Set(rows.map((r) => pairKey(r.a, r.b)));
  }

  /**
   * Matches the entity's cards, respecting decisions: the groups with their risk flags and
   * explanations, ready to store. Reads only (a worker thread runs it on its own read-only connection).
   */
  compute(entity: MatchEntity, rules: Rules, signal?: AbortSignal, onProgress?: (phase: string) => void): ComputedRun {
    onProgress?.('load');
    const entities = this.loadEntities(entity);
    const forbidden = this.forbiddenPairs(entity);
    const started = performance.now();
    const result = runMatch(entities, {
      rules,
      ...(forbidden.size > 0 ? { forbidden: (a, b) => forbidden.has(pairKey(Number(a), Number(b))) } : {}),
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress: (phase: string) => onProgress(phase) } : {}),
    });
    onProgress?.('explain');
    const index = new Map(entities.map((e, i) => [Number(e.id), i]));
    const risks = this.riskFlags(entity, entities, index, result);
    const groups = result.groups.map((g, k) => {
      const ids = g.ids.map(Number);
      const explanation = g.links.map((l) => compactPair(result.model.explain(index.get(ids[l.a]!)!, index.get(ids[l.b]!)!)));
      return { ids, confidence: g.confidence, risk: risks[k] ?? [], explanation };
    });
    return {
      records: entities.length,
      durationMs: Math.round(performance.now() - started),
      stats: { ...result.stats, weights: result.model.weightsView() },
      weights: result.model.weightsView(),
      groups,
    };
  }

  /** Stores a computed run as the entity's latest (older runs of the entity are dropped). */
  save(entity: MatchEntity, computed: ComputedRun, rules: Rules, preset: string, appVersion: string | null): MatchRunInfo {
    const createdAt = now();
    const runId = this.db.transaction(() => {
      const info = this.db
        .prepare('INSERT INTO match_runs (entity_type, created_at, preset, rules, app_version, duration_ms, stats) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(entity, createdAt, preset, JSON.stringify(rules), appVersion, computed.durationMs, JSON.stringify(computed.stats));
      const id = Number(info.lastInsertRowid);
      const insert = this.db.prepare(
        'INSERT INTO match_groups (run_id, group_no, entity_type, group_key, member_ids, size, confidence, risk, explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      computed.groups.forEach((g, k) => {
        insert.run(id, k, entity, groupKeyOf(g.ids), JSON.stringify(g.ids), g.ids.length, g.confidence, JSON.stringify(g.risk), JSON.stringify(g.explanation));
      });
      // older runs of the entity are dropped: decisions live on in their own table
      this.db.prepare('DELETE FROM match_runs WHERE entity_type = ? AND id <> ?').run(entity, id);
      return id;
    })();
    return { entity, runId, createdAt, preset, groups: computed.groups.length, records: computed.records, seconds: computed.durationMs / 1000, weights: computed.weights };
  }

  /**
   * The first step of storing a run in steps: a run a crash or a cancel left incomplete is dropped,
   * and the new run goes in marked incomplete (latestRun skips it until completeRun).
   */
  beginRun(entity: MatchEntity, computed: ComputedRun, rules: Rules, preset: string, appVersion: string | null, createdAt: number = now()): number {
    return this.db.transaction(() => {
      this.db.prepare(`DELETE FROM match_runs WHERE entity_type = ? AND ${INCOMPLETE}`).run(entity);
      const info = this.db
        .prepare('INSERT INTO match_runs (entity_type, created_at, preset, rules, app_version, duration_ms, stats) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(entity, createdAt, preset, JSON.stringify(rules), appVersion, computed.durationMs, JSON.stringify({ ...computed.stats, incomplete: true }));
      return Number(info.lastInsertRowid);
    })();
  }

  /** Groups [from, to) of a run begun by beginRun, in one transaction. */
  insertGroups(entity: MatchEntity, runId: number, groups: ComputedRun['groups'], from: number, to: number): void {
    const insert = this.db.prepare(
      'INSERT INTO match_groups (run_id, group_no, entity_type, group_key, member_ids, size, confidence, risk, explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (let k = from; k < Math.min(to, groups.length); k++) {
        const g = groups[k]!;
        insert.run(runId, k, entity, groupKeyOf(g.ids), JSON.stringify(g.ids), g.ids.length, g.confidence, JSON.stringify(g.risk), JSON.stringify(g.explanation));
      }
    })();
  }

  /** The run's last step: it is complete, so it becomes the latest; the ids of the entity's older runs (to drop). */
  completeRun(entity: MatchEntity, runId: number, computed: ComputedRun): number[] {
    this.db.prepare('UPDATE match_runs SET stats = ? WHERE id = ?').run(JSON.stringify(computed.stats), runId);
    return (this.db.prepare('SELECT id FROM match_runs WHERE entity_type = ? AND id <> ?').all(entity, runId) as { id: number }[]).map((r) => r.id);
  }

  /** Removes up to `limit` groups of a run; 0 when none is left. */
  dropGroups(runId: number, limit: number): number {
    return this.db.prepare('DELETE FROM match_groups WHERE rowid IN (SELECT rowid FROM match_groups WHERE run_id = ? LIMIT ?)').run(runId, limit).changes;
  }

  dropRun(runId: number): void {
    this.db.prepare('DELETE FROM match_runs WHERE id = ?').run(runId);
  }

  private runInfo(entity: MatchEntity, runId: number, createdAt: number, preset: string, computed: ComputedRun): MatchRunInfo {
    return { entity, runId, createdAt, preset, groups: computed.groups.length, records: computed.records, seconds: computed.durationMs / 1000, weights: computed.weights };
  }

  /**
   * save() in steps, each its own short transaction (what a worker thread does with its own
   * connection: between two steps the file's other connection can write). Stores the same rows
   * as save() and saveInTurns().
   */
  saveInSteps(entity: MatchEntity, computed: ComputedRun, rules: Rules, preset: string, appVersion: string | null, chunk = 500): MatchRunInfo {
    const createdAt = now();
    const runId = this.beginRun(entity, computed, rules, preset, appVersion, createdAt);
    for (let from = 0; from < computed.groups.length; from += chunk) this.insertGroups(entity, runId, computed.groups, from, from + chunk);
    for (const id of this.completeRun(entity, runId, computed)) {
      while (this.dropGroups(id, chunk * 4) > 0);
      this.dropRun(id);
    }
    return this.runInfo(entity, runId, createdAt, preset, computed);
  }

  /**
   * save() in turns of at most `chunk` groups, yielding the event loop between them, so storing a
   * million cards' groups never blocks the main thread for long. The new run is marked incomplete
   * (latestRun skips it) until its last group is in; then the older runs' groups are dropped in
   * turns too. `beforeTurn` runs before each write (it takes the file's writer lock for the turn).
   */
  async saveInTurns(entity: MatchEntity, computed: ComputedRun, rules: Rules, preset: string, appVersion: string | null, beforeTurn: () => void = () => {}, chunk = 500): Promise<MatchRunInfo> {
    const createdAt = now();
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    beforeTurn();
    const runId = this.beginRun(entity, computed, rules, preset, appVersion, createdAt);
    for (let from = 0; from < computed.groups.length; from += chunk) {
      await turn();
      beforeTurn();
      this.insertGroups(entity, runId, computed.groups, from, from + chunk);
    }
    await turn();
    beforeTurn();
    // the older runs of the entity are no longer the latest: their groups go in turns, then the runs
    for (const id of this.completeRun(entity, runId, computed)) {
      for (;;) {
        await turn();
        beforeTurn();
        if (this.dropGroups(id, chunk * 4) === 0) break;
      }
      this.dropRun(id);
    }
    return this.runInfo(entity, runId, createdAt, preset, computed);
  }

  /**
   * Drops the entity's incomplete runs (what a cancelled or failed store left) in turns, so the
   * main thread is never blocked for long; `beforeTurn` as in saveInTurns. The number of runs dropped.
   */
  async dropIncomplete(entity: MatchEntity, beforeTurn: () => void = () => {}, chunk = 2000): Promise<number> {
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    beforeTurn();
    const ids = (this.db.prepare(`SELECT id FROM match_runs WHERE entity_type = ? AND ${INCOMPLETE}`).all(entity) as { id: number }[]).map((r) => r.id);
    for (const id of ids) {
      for (;;) {
        beforeTurn();
        if (this.dropGroups(id, chunk) === 0) break;
        await turn();
      }
      this.dropRun(id);
    }
    return ids.length;
  }

  /** Matches the entity's cards, respecting decisions, and stores the groups as the latest run (in this thread). */
  run(entity: MatchEntity, rules: Rules, preset: string, appVersion: string | null, signal?: AbortSignal): { info: MatchRunInfo; computed: ComputedRun } {
    const computed = this.compute(entity, rules, signal);
    return { info: this.save(entity, computed, rules, preset, appVersion), computed };
  }

  private riskFlags(entity: MatchEntity, entities: readonly AmoEntity[], index: Map<number, number>, result: MatchRun): RiskFlag[][] {
    const activePipelines = openLeadPipelinesOfCard(this.db, entity);
    const kindOf = new Map(result.model.comparators.map((c) => [c.id, c.kind as string]));
    return result.groups.map((g) => {
      const flags: RiskFlag[] = [];
      const ids = g.ids.map(Number);
      if (ids.length >= LARGE_GROUP) flags.push('large_group');
      const responsible = new Set(ids.map((id) => entities[index.get(id)!]?.responsible_user_id ?? null).filter((x) => x !== null));
      if (responsible.size > 1) flags.push('different_responsible');
      const pipelinesPerCard = ids.map((id) => activePipelines(id).map((r) => r.p));
      const withDeals = pipelinesPerCard.filter((ps) => ps.length > 0);
      if (withDeals.length > 1 && new Set(withDeals.flat()).size > 1) flags.push('deals_in_different_pipelines');
      const generic = g.links.some((l) => {
        const e = result.model.explain(index.get(ids[l.a]!)!, index.get(ids[l.b]!)!);
        return e.comparisons.some(
          (c) =>
            ((c.sharedBy ?? 0) >= GENERIC_SHARED && IDENTITY_KINDS.has(kindOf.get(c.id) ?? '')) ||
            (c.id === 'email' && c.code === 'shared' && canonicalEmails(c.a).some((m) => GENERIC_LOCALS.test(m.local))),
        );
      });
      if (generic) flags.push('generic_values');
      return flags;
    });
  }

  latestRun(entity: MatchEntity): MatchRunInfo | null {
    const row = this.db
      .prepare(`SELECT id, created_at, preset, duration_ms, stats FROM match_runs WHERE entity_type = ? AND NOT ${INCOMPLETE} ORDER BY id DESC LIMIT 1`)
      .get(entity) as { id: number; created_at: number; preset: string; duration_ms: number; stats: string } | undefined;
    if (!row) return null;
    const stats = JSON.parse(row.stats) as { records: number; groups: number; weights?: MatchWeightsView[] };
    return {
      entity,
      runId: row.id,
      createdAt: row.created_at,
      preset: row.preset,
      groups: stats.groups,
      records: stats.records,
      seconds: row.duration_ms / 1000,
      ...(stats.weights ? { weights: stats.weights } : {}),
    };
  }

  private activeDecisions(entity: MatchEntity): DecisionRow[] {
    return this.db.prepare('SELECT * FROM match_decisions WHERE entity_type = ? AND undone_at IS NULL ORDER BY id').all(entity) as DecisionRow[];
  }

  private groupRows(entity: MatchEntity): GroupRow[] {
    const run = this.latestRun(entity);
    if (!run) return [];
    return this.db.prepare('SELECT * FROM match_groups WHERE run_id = ? ORDER BY group_no').all(run.runId) as GroupRow[];
  }

  private names(entity: MatchEntity, ids: readonly number[]): Map<number, string> {
    const out = new Map<number, string>();
    const nameOf = cardNameLookup(this.db, entity);
    for (const id of ids) {
      const row = nameOf(id);
      out.set(id, row?.name ?? '');
    }
    return out;
  }

  /** Groups of the latest run with their status, sorted: open and risk-free first, then by confidence. */
  /** Status of stored group rows from the active decisions (one pass, no per-group queries). */
  private withStatus(entity: MatchEntity, rows: readonly GroupRow[]) {
    const decisions = this.activeDecisions(entity);
    const merges = new Map<string, DecisionRow>();
    const exclusions = new Map<string, DecisionRow>();
    for (const d of decisions) {
      if (!d.group_key) continue;
      if (d.kind === 'merge') merges.set(d.group_key, d);
      else if (d.loser_ids === null) exclusions.set(d.group_key, d);
    }
    return rows.map((r) => {
      const ids = JSON.parse(r.member_ids) as number[];
      const merge = merges.get(r.group_key);
      const wholeExclusion = exclusions.get(r.group_key);
      const status: GroupStatus = merge ? 'accepted' : wholeExclusion || ids.length < 2 ? 'excluded' : 'open';
      return { row: r, ids, status, decisionId: merge?.id ?? wholeExclusion?.id ?? null, risk: JSON.parse(r.risk) as RiskFlag[] };
    });
  }

  private summaries(entity: MatchEntity, items: ReturnType<MatchStore['withStatus']>): MatchGroupSummary[] {
    const names = this.names(entity, items.flatMap((g) => g.ids));
    return items.map((g) => ({
      key: g.row.group_key,
      entity,
      ids: g.ids,
      names: g.ids.map((id) => names.get(id) ?? ''),
      size: g.ids.length,
      confidence: g.row.confidence,
      risk: g.risk,
      status: g.status,
      decisionId: g.decisionId,
    }));
  }

  /** Groups of the latest run with their status, sorted: open and risk-free first, then by confidence. */
  listGroups(entity: MatchEntity, status: GroupStatus | 'all', offset: number, limit: number): { total: number; groups: MatchGroupSummary[] } {
    const all = this.withStatus(entity, this.groupRows(entity));
    const filtered = status === 'all' ? all : all.filter((g) => g.status === status);
    const order: Record<GroupStatus, number> = { open: 0, accepted: 1, excluded: 2 };
    filtered.sort((x, y) => order[x.status] - order[y.status] || x.risk.length - y.risk.length || y.row.confidence - x.row.confidence || x.row.group_no - y.row.group_no);
    return { total: filtered.length, groups: this.summaries(entity, filtered.slice(offset, offset + limit)) };
  }

  private summary(entity: MatchEntity, key: string): MatchGroupSummary {
    const [one] = this.summaries(entity, this.withStatus(entity, [this.groupRow(entity, key)]));
    if (!one) throw new AppError('NOT_FOUND', `No group ${key}.`);
    return one;
  }

  private groupRow(entity: MatchEntity, key: string): GroupRow {
    const run = this.latestRun(entity);
    const row = run ? (this.db.prepare('SELECT * FROM match_groups WHERE run_id = ? AND group_key = ?').get(run.runId, key) as GroupRow | undefined) : undefined;
    if (!row) throw new AppError('NOT_FOUND', `No group ${key} in the latest ${entity} run.`);
    return row;
  }

  private cards(entity: MatchEntity, ids: readonly number[]): { cards: MatchCardView[]; labels: Map<string, string> } {
    const rawOf = cardRawLookup(this.db, entity);
    const userOf = userNameLookup(this.db);
    const dealsOf = leadCountsOfCard(this.db, entity);
    const labels = new Map<string, string>([
      ['name', 'name'],
      ['phone', 'phone'],
      ['email', 'email'],
    ]);
    const cards = ids.map((id) => {
      const row = rawOf(id);
      const e = (row ? JSON.parse(row.raw) : { id }) as AmoEntity;
      const d = dealsOf(id);
      const fields: Record<string, string[]> = { name: e.name ? [e.name] : [], phone: [], email: [] };
      for (const cf of e.custom_fields_values ?? []) {
        const code = (cf.field_code ?? '').toUpperCase();
        const key = code === 'PHONE' ? 'phone' : code === 'EMAIL' ? 'email' : `cf:${cf.field_id ?? cf.field_name ?? '?'}`;
        if (!labels.has(key)) labels.set(key, cf.field_name ?? key);
        const values = (cf.values ?? []).map((v) => (typeof v.value === 'object' ? JSON.stringify(v.value) : String(v.value ?? ''))).filter((v) => v.trim() !== '');
        fields[key] = [...(fields[key] ?? []), ...values];
      }
      const responsible = row?.r ? (userOf(row.r)?.name ?? `#${row.r}`) : null;
      return {
        id,
        name: e.name ?? '',
        responsible,
        responsibleId: row?.r ?? null,
        createdAt: e.created_at ?? null,
        updatedAt: e.updated_at ?? null,
        deals: d.n,
        activeDeals: d.active ?? 0,
        fields,
      } satisfies MatchCardView;
    });
    return { cards, labels };
  }

  /** The cards ranked by a survivor rule, best first. */
  static rank(cards: readonly MatchCardView[], rule: SurvivorRule): MatchCardView[] {
    const filled = (c: MatchCardView) => Object.values(c.fields).filter((v) => v.length > 0).length;
    const score = (c: MatchCardView): number[] => {
      switch (rule) {
        case 'most_deals':
          return [c.deals, c.activeDeals, -(c.createdAt ?? Infinity)];
        case 'oldest':
          return [-(c.createdAt ?? Infinity), c.deals];
        case 'most_complete':
          return [filled(c), c.deals, -(c.createdAt ?? Infinity)];
        case 'latest_activity':
          return [c.updatedAt ?? -Infinity, c.deals];
      }
    };
    return [...cards].sort((a, b) => {
      const sa = score(a);
      const sb = score(b);
      for (let k = 0; k < sa.length; k++) if (sa[k] !== sb[k]) return (sb[k] ?? 0) - (sa[k] ?? 0);
      return a.id - b.id;
    });
  }

  groupDetail(entity: MatchEntity, key: string, survivorRule: SurvivorRule, survivorId?: number): MatchGroupDetail {
    const row = this.groupRow(entity, key);
    const summary = this.summary(entity, key);
    const { cards, labels } = this.cards(entity, summary.ids);
    const ranked = MatchStore.rank(cards, survivorRule);
    const survivor = survivorId !== undefined ? cards.find((c) => c.id === survivorId) : ranked[0];
    if (!survivor) throw new AppError('BAD_INPUT', `Card ${survivorId} is not in the group.`);
    const order = [survivor, ...ranked.filter((c) => c.id !== survivor.id)];
    const valuesOf = (c: MatchCardView, fieldKey: string): string[] =>
      fieldKey === RESPONSIBLE_FIELD ? (c.responsibleId !== null ? [String(c.responsibleId)] : []) : (c.fields[fieldKey] ?? []);
    // the responsible user is a field row too (after the name), with the user's name as the label of an id
    const rowKeys: [string, string][] = [...labels.entries()];
    rowKeys.splice(1, 0, [RESPONSIBLE_FIELD, 'responsible']);
    const fields: MatchFieldRow[] = rowKeys.map(([fieldKey, label]) => {
      const values = cards.map((c) => valuesOf(c, fieldKey));
      const norm = values.map((v) => v.map((x) => x.trim().toLowerCase()).sort().join('\u0001'));
      const nonEmpty = norm.filter((n) => n !== '');
      const differs = new Set(nonEmpty).size > 1 || (nonEmpty.length > 0 && nonEmpty.length < norm.length);
      const union = fieldKey === 'phone' || fieldKey === 'email';
      if (union) {
        const seen = new Set<string>();
        const proposed: string[] = [];
        for (const c of order) {
          for (const v of c.fields[fieldKey] ?? []) {
            // one number or mailbox typed differently is kept once; anything unparsed is kept as typed
            const norm =
              fieldKey === 'phone' ? (phoneKeys(v).join(',') || v.trim().toLowerCase()) : (canonicalEmails(v).map((m) => m.key).join(',') || v.trim().toLowerCase());
            if (seen.has(norm)) continue;
            seen.add(norm);
            proposed.push(v);
          }
        }
        return { key: fieldKey, label, values, differs, union, proposedFrom: null, proposed };
      }
      // the name to keep: the best-formed one (full Cyrillic, no note, no placeholder), the survivor's on a tie
      const from =
        fieldKey === 'name'
          ? (order.filter((c) => valuesOf(c, fieldKey).length > 0).reduce<MatchCardView | null>((best, c) => (!best || nameQuality(c.name) > nameQuality(best.name) ? c : best), null))
          : (order.find((c) => valuesOf(c, fieldKey).length > 0) ?? null);
      const out: MatchFieldRow = { key: fieldKey, label, values, differs, union, proposedFrom: from?.id ?? null, proposed: from ? valuesOf(from, fieldKey) : [] };
      if (fieldKey === RESPONSIBLE_FIELD) {
        out.valueLabels = Object.fromEntries(cards.filter((c) => c.responsibleId !== null).map((c) => [String(c.responsibleId), c.responsible ?? `#${c.responsibleId}`]));
      }
      return out;
    });
    const pairs = (JSON.parse(row.explanation) as MatchPairView[]).filter((p) => summary.ids.includes(p.a) && summary.ids.includes(p.b));
    const decision = summary.status === 'accepted' && summary.decisionId !== null ? this.decision(summary.decisionId) : null;
    return { ...summary, cards, fields, pairs, survivorRule, proposedSurvivor: survivor.id, decision };
  }

  private insertDecision(d: {
    entity: MatchEntity;
    kind: 'merge' | 'not_duplicate';
    groupKey: string | null;
    ids: number[];
    survivorId?: number | null;
    loserIds?: number[] | null;
    survivorRule?: string | null;
    fieldChoices?: Record<string, unknown> | null;
    confidence?: number | null;
    explanation?: string | null;
    source: string;
    pairs?: [number, number][];
  }): MatchDecisionView {
    return this.db.transaction(() => {
      const info = this.db
        .prepare(
          `INSERT INTO match_decisions (entity_type, kind, group_key, member_ids, survivor_id, loser_ids, survivor_rule, field_choices, confidence, explanation, source, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          d.entity,
          d.kind,
          d.groupKey,
          JSON.stringify(d.ids),
          d.survivorId ?? null,
          d.loserIds ? JSON.stringify(d.loserIds) : null,
          d.survivorRule ?? null,
          d.fieldChoices ? JSON.stringify(d.fieldChoices) : null,
          d.confidence ?? null,
          d.explanation ?? null,
          d.source,
          now(),
        );
      const id = Number(info.lastInsertRowid);
      const pair = this.db.prepare('INSERT OR IGNORE INTO match_decision_pairs (decision_id, entity_type, a, b) VALUES (?, ?, ?, ?)');
      for (const [a, b] of d.pairs ?? []) pair.run(id, d.entity, Math.min(a, b), Math.max(a, b));
      return this.decision(id);
    })();
  }

  decision(id: number): MatchDecisionView {
    const row = this.db.prepare('SELECT * FROM match_decisions WHERE id = ?').get(id) as DecisionRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No decision ${id}.`);
    return toView(row);
  }

  accept(
    entity: MatchEntity,
    key: string,
    options: { survivorRule: SurvivorRule; survivorId?: number; fieldChoices?: MatchDecisionView['fieldChoices']; source?: string },
  ): MatchDecisionView {
    const detail = this.groupDetail(entity, key, options.survivorRule, options.survivorId);
    if (detail.status !== 'open') throw new AppError('CONFLICT', `Group ${key} is already ${detail.status}.`);
    const choices: MatchDecisionView['fieldChoices'] = {};
    for (const f of detail.fields) choices[f.key] = choiceOf(f.key, f.proposedFrom, f.proposed);
    for (const [k, v] of Object.entries(options.fieldChoices ?? {})) {
      if (k === 'phone' || k === 'email') continue; // unioned, never dropped
      const row = detail.fields.find((f) => f.key === k);
      if (!row) throw new AppError('BAD_INPUT', `Group ${key} has no field ${k}.`);
      const at = v.from === null ? -1 : detail.cards.findIndex((c) => c.id === v.from);
      // a surviving value is one card's values of the field, as that card holds them
      if (at < 0) throw new AppError('BAD_INPUT', `Field ${k}: card ${String(v.from)} is not in group ${key}.`);
      const held = row.values[at] ?? [];
      if (!sameValues(held, v.values)) throw new AppError('BAD_INPUT', `Field ${k}: card ${String(v.from)} does not hold the chosen values.`);
      choices[k] = choiceOf(k, v.from, held);
    }
    return this.insertDecision({
      entity,
      kind: 'merge',
      groupKey: key,
      ids: detail.ids,
      survivorId: detail.proposedSurvivor,
      loserIds: detail.ids.filter((id) => id !== detail.proposedSurvivor),
      survivorRule: options.survivorId !== undefined ? 'manual' : options.survivorRule,
      fieldChoices: choices,
      confidence: detail.confidence,
      explanation: JSON.stringify(detail.pairs),
      source: options.source ?? 'review',
    });
  }

  /** "Not a duplicate": the whole group, or one card taken out of it (the rest stays a group if two or more remain). */
  exclude(entity: MatchEntity, key: string, cardId?: number, source = 'review'): MatchDecisionView {
    const row = this.groupRow(entity, key);
    const ids = JSON.parse(row.member_ids) as number[];
    if (cardId !== undefined) {
      if (!ids.includes(cardId)) throw new AppError('BAD_INPUT', `Card ${cardId} is not in group ${key}.`);
      const rest = ids.filter((id) => id !== cardId);
      const view = this.insertDecision({
        entity,
        kind: 'not_duplicate',
        groupKey: key,
        ids,
        loserIds: [cardId],
        source,
        pairs: rest.map((id) => [cardId, id] as [number, number]),
      });
      this.db.prepare('UPDATE match_groups SET member_ids = ?, size = ? WHERE run_id = ? AND group_no = ?').run(JSON.stringify(rest), rest.length, row.run_id, row.group_no);
      return view;
    }
    const pairs: [number, number][] = [];
    for (let a = 0; a < ids.length; a++) for (let b = a + 1; b < ids.length; b++) pairs.push([ids[a]!, ids[b]!]);
    return this.insertDecision({ entity, kind: 'not_duplicate', groupKey: key, ids, source, pairs });
  }

  bulkAccept(entity: MatchEntity, minConfidence: number, survivorRule: SurvivorRule): { accepted: number; heldBack: number; decisionIds: number[] } {
    const open = this.withStatus(entity, this.groupRows(entity)).filter((g) => g.status === 'open' && g.row.confidence >= minConfidence);
    const decisionIds: number[] = [];
    let heldBack = 0;
    this.db.transaction(() => {
      for (const g of open) {
        if (g.risk.some(blocksBulkAccept)) {
          heldBack++;
          continue;
        }
        decisionIds.push(this.accept(entity, g.row.group_key, { survivorRule, source: 'bulk' }).id);
      }
    })();
    return { accepted: decisionIds.length, heldBack, decisionIds };
  }

  undo(decisionId: number): boolean {
    const d = this.decision(decisionId);
    if (d.undoneAt !== null) return false;
    this.db.transaction(() => {
      this.db.prepare('UPDATE match_decisions SET undone_at = ? WHERE id = ?').run(now(), decisionId);
      // a card taken out of a group goes back in
      if (d.kind === 'not_duplicate' && d.loserIds.length > 0 && d.groupKey) {
        const run = this.latestRun(d.entity);
        const row = run
          ? (this.db.prepare('SELECT * FROM match_groups WHERE run_id = ? AND group_key = ?').get(run.runId, d.groupKey) as GroupRow | undefined)
          : undefined;
        if (row) {
          const ids = [...new Set([...(JSON.parse(row.member_ids) as number[]), ...d.loserIds])].sort((x, y) => x - y);
          this.db.prepare('UPDATE match_groups SET member_ids = ?, size = ? WHERE run_id = ? AND group_no = ?').run(JSON.stringify(ids), ids.length, row.run_id, row.group_no);
        }
      }
    })();
    return true;
  }

  decisions(entity?: MatchEntity, includeUndone = false): MatchDecisionView[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM match_decisions WHERE (? IS NULL OR entity_type = ?) AND (? = 1 OR undone_at IS NULL) ORDER BY id`,
      )
      .all(entity ?? null, entity ?? null, includeUndone ? 1 : 0) as DecisionRow[];
    return rows.map(toView);
  }
}

const sameValues = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x.trim() === (b[i] ?? '').trim());

/** A stored field choice; `value` is the single value the change plan reads (the responsible user as a number). */
function choiceOf(key: string, from: number | null, values: readonly string[]): MatchFieldChoice {
  const value = key === RESPONSIBLE_FIELD ? (values[0] !== undefined ? Number(values[0]) : null) : values.length === 0 ? null : values.length === 1 ? values[0]! : [...values];
  return { from, values: [...values], value };
}

function compactPair(e: PairExplanation): MatchPairView {
  const placeholders = e.placeholders.map(Number);
  return {
    a: Number(e.a),
    b: Number(e.b),
    probability: Math.round(e.probability * 10000) / 10000,
    passed: e.passed,
    reason: e.reason,
    verdict: e.verdict,
    ...(placeholders.length > 0 ? { placeholders } : {}),
    comparisons: e.comparisons.map((c) => ({
      id: c.id,
      ...(c.code ? { code: c.code } : {}),
      ...(c.t !== undefined ? { t: c.t } : {}),
      level: c.level,
      weight: c.weight,
      a: c.a,
      b: c.b,
      ...(c.source ? { source: c.source } : {}),
      ...(c.note ? { note: c.note } : {}),
      ...(c.sharedBy ? { sharedBy: c.sharedBy } : {}),
      ...(c.phoneKind ? { phoneKind: c.phoneKind } : {}),
      ...(c.role ? { role: c.role } : {}),
    })),
  };
}

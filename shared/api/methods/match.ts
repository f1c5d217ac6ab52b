// runtime: common (no node, no DOM, no electron)
import { z } from 'zod';
import { method } from '../define';

export const MATCH_ENTITIES = ['contacts', 'companies'] as const;
export type MatchEntity = (typeof MATCH_ENTITIES)[number];
export const MATCH_PRESETS = ['strict', 'balanced', 'loose'] as const;
export type MatchPreset = (typeof MATCH_PRESETS)[number];
export const SURVIVOR_RULES = ['most_deals', 'oldest', 'most_complete', 'latest_activity'] as const;
export type SurvivorRule = (typeof SURVIVOR_RULES)[number];

/** Why a group is held back from bulk accept. */
export type RiskFlag = 'large_group' | 'different_responsible' | 'deals_in_different_pipelines' | 'generic_values';

/**
 * Risks weigh differently: a big group, deals in several pipelines or a match on a value many cards
 * share need a look before merging; different responsible managers only say who to tell. Bulk accept
 * holds back groups with a blocking risk and offers the rest.
 */
export const BLOCKING_RISKS: readonly RiskFlag[] = ['large_group', 'deals_in_different_pipelines', 'generic_values'];
export const blocksBulkAccept = (r: RiskFlag): boolean => BLOCKING_RISKS.includes(r);

export type GroupStatus = 'open' | 'accepted' | 'excluded';

/** Stable codes of agreement levels (the renderer words them in RU/EN); "missing" = a value absent on one side. */
export type MatchLevelCode =
  | 'exact'
  | 'shared'
  | 'diminutive'
  | 'similar'
  | 'typo_or_similar'
  | 'typo'
  | 'one_digit'
  | 'one_slip'
  | 'login_elsewhere'
  | 'street'
  | 'date_typo'
  | 'same_year'
  | 'different'
  | 'missing';

/** What kind of number a shared phone is: a personal mobile, a fixed line, an office line several cards share, an extension. */
export type MatchPhoneKind = 'mobile' | 'landline' | 'office_shared' | 'extension' | 'other';

/** Where a comparison's weights come from: learned on this account (EM), the preset (the prior), or pinned by a rules file. */
export type MatchWeightSource = 'learned' | 'prior' | 'pinned';

export interface MatchComparisonView {
  id: string;
  /** the stable level code */
  code?: MatchLevelCode;
  /** the similarity threshold of a fuzzy level */
  t?: number;
  /** the engine's level label (English, for the CLI), e.g. "exact", "similar (≥0.92)" */
  level: string;
  /** log2 Bayes factor this comparison added (positive = evidence for a duplicate) */
  weight: number;
  a: string;
  b: string;
  /** a term-frequency note ("shared by 14 cards: weighed down"), English, for the CLI */
  note?: string;
  /** how many cards hold the agreeing value (exact agreements) */
  sharedBy?: number;
  /** a shared phone's kind */
  phoneKind?: MatchPhoneKind;
  /** a shared mailbox is a role mailbox (info@, sales@): weak evidence */
  role?: boolean;
  /** where the weights of this comparison come from */
  source?: MatchWeightSource;
}

/** Why a pair is linked or not, as a code (the renderer words it). */
export interface MatchVerdict {
  code: 'linked' | 'vetoed' | 'needs_identifier' | 'below_threshold';
  /** vetoed: the comparison whose disagreement forbids the link */
  by?: string;
}

/** The weights a run used for one comparison: per level, m, u and log2(m/u). */
export interface MatchWeightsView {
  id: string;
  source: MatchWeightSource;
  levels: { code: MatchLevelCode; t?: number; m: number; u: number; weight: number }[];
}

export interface MatchPairView {
  a: number;
  b: number;
  probability: number;
  passed: boolean;
  /** one English sentence (CLI) */
  reason: string;
  verdict?: MatchVerdict;
  /** ids of the pair's cards whose name is a placeholder ("Входящий звонок", a phone number, empty) */
  placeholders?: number[];
  comparisons: MatchComparisonView[];
}

export interface MatchGroupSummary {
  /** sorted member ids joined by ',': stable across runs */
  key: string;
  entity: MatchEntity;
  ids: number[];
  /** display names of the cards, in the order of ids */
  names: string[];
  size: number;
  /** the weakest link's probability, 0..1 */
  confidence: number;
  risk: RiskFlag[];
  status: GroupStatus;
  decisionId: number | null;
}

export interface MatchCardView {
  id: number;
  name: string;
  responsible: string | null;
  /** the responsible user's id (the value a merge choice stores) */
  responsibleId: number | null;
  createdAt: number | null;
  updatedAt: number | null;
  deals: number;
  activeDeals: number;
  /** field key → values; key is "name", "phone", "email" or "cf:<field_id>" (the responsible user is in responsibleId) */
  fields: Record<string, string[]>;
}

/** The field key of the responsible user in field rows and merge choices (values are user ids as strings). */
export const RESPONSIBLE_FIELD = 'responsible_user_id';

export interface MatchFieldRow {
  /** "name", "responsible_user_id", "phone", "email" or "cf:<field_id>" */
  key: string;
  label: string;
  /** values per card, in the order of cards */
  values: string[][];
  /** cards disagree on this field */
  differs: boolean;
  /** phones and e-mails are unioned, never dropped */
  union: boolean;
  /** the card whose value is proposed (null for unioned fields) */
  proposedFrom: number | null;
  proposed: string[];
  /** display text of a value when it is not the value itself (the responsible user's name for an id) */
  valueLabels?: Record<string, string>;
}

export interface MatchGroupDetail extends MatchGroupSummary {
  cards: MatchCardView[];
  fields: MatchFieldRow[];
  pairs: MatchPairView[];
  survivorRule: SurvivorRule;
  proposedSurvivor: number;
  /** the stored merge decision of an accepted group (survivor, losers, field choices) */
  decision: MatchDecisionView | null;
}

/**
 * One field's surviving value in a merge decision. `from` is the card it was taken from; `values`
 * are that card's values; `value` is the same for consumers that set one value (a string, the
 * responsible user's id as a number, a list for multi-value fields, null when empty).
 */
export interface MatchFieldChoice {
  from: number | null;
  values: string[];
  value?: string | number | string[] | null;
}

export interface MatchDecisionView {
  id: number;
  entity: MatchEntity;
  kind: 'merge' | 'not_duplicate';
  groupKey: string | null;
  ids: number[];
  survivorId: number | null;
  loserIds: number[];
  survivorRule: string | null;
  fieldChoices: Record<string, MatchFieldChoice>;
  source: string;
  createdAt: number;
  undoneAt: number | null;
}

export interface MatchRunInfo {
  entity: MatchEntity;
  runId: number;
  createdAt: number;
  preset: string;
  groups: number;
  records: number;
  seconds: number;
  /** the weights the run used per comparison (learned on this account, the preset's, or pinned) */
  weights?: MatchWeightsView[];
}

const entity = z.enum(MATCH_ENTITIES);
const groupKey = z.string().min(3).max(20_000);
const fieldChoices = z.record(z.string().max(200), z.object({ from: z.number().int().positive().nullable(), values: z.array(z.string().max(10_000)).max(100) }));

export const matchMethods = {
  /** Matches the open snapshot's contacts and/or companies (a job); "not a duplicate" decisions are respected. */
  'match.run': method<{ jobId: string }>()(
    z
      .object({
        entities: z.array(entity).min(1).max(2).default(['contacts', 'companies']),
        preset: z.enum(MATCH_PRESETS).default('balanced'),
      })
      .strict(),
  ),
  /** The latest run of each entity, if any. */
  'match.runs': method<MatchRunInfo[]>()(z.object({}).strict()),
  /** Groups of the latest run, sorted by confidence and risk (safe, confident groups first). */
  'match.groups': method<{ total: number; groups: MatchGroupSummary[] }>()(
    z
      .object({
        entity,
        status: z.enum(['open', 'accepted', 'excluded', 'all']).default('all'),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(50_000).default(5_000),
      })
      .strict(),
  ),
  'match.group': method<MatchGroupDetail>()(
    z.object({ entity, key: groupKey, survivorRule: z.enum(SURVIVOR_RULES).default('most_deals'), survivorId: z.number().int().positive().optional() }).strict(),
  ),
  /**
   * Stores a merge decision: survivor, losers and the chosen field values. fieldChoices: field key →
   * {from: a card of the group, values: exactly that card's values of the field}; fields left out
   * take the proposed value; phone and email are always unioned (choices for them are ignored).
   */
  'match.accept': method<MatchDecisionView>()(
    z
      .object({
        entity,
        key: groupKey,
        survivorRule: z.enum(SURVIVOR_RULES).default('most_deals'),
        survivorId: z.number().int().positive().optional(),
        fieldChoices: fieldChoices.optional(),
      })
      .strict(),
  ),
  /** "Not a duplicate": the whole group, or one card taken out of it. */
  'match.exclude': method<MatchDecisionView>()(z.object({ entity, key: groupKey, cardId: z.number().int().positive().optional() }).strict()),
  /** Accepts every open group at or above the confidence; risk-flagged groups are held back. */
  'match.bulkAccept': method<{ accepted: number; heldBack: number; decisionIds: number[] }>()(
    z.object({ entity, minConfidence: z.number().min(0).max(1), survivorRule: z.enum(SURVIVOR_RULES).default('most_deals') }).strict(),
  ),
  'match.undo': method<{ undone: boolean }>()(z.object({ decisionId: z.number().int().positive() }).strict()),
  'match.decisions': method<MatchDecisionView[]>()(
    z.object({ entity: entity.optional(), includeUndone: z.boolean().default(false) }).strict(),
  ),
};

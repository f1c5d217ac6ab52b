// runtime: node
import type { MatchComparisonView, MatchVerdict } from '../../../shared/api/methods/match';
import type { MatchFileStats } from '../../../shared/api/methods/match-compute';

/** One custom field value of an amoCRM API v4 entity. */
export interface AmoFieldValue {
  value?: unknown;
  enum_id?: number | null;
  enum_code?: string | null;
}

export interface AmoCustomField {
  field_id?: number;
  field_name?: string | null;
  field_code?: string | null;
  field_type?: string | null;
  values?: AmoFieldValue[] | null;
}

/** A contact or company as amoCRM API v4 sends it (only what matching reads). */
export interface AmoEntity {
  id: number | string;
  name?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  responsible_user_id?: number | null;
  created_at?: number | null;
  updated_at?: number | null;
  custom_fields_values?: AmoCustomField[] | null;
  /** optional source label for two-file linkage (--cross-source) */
  _source?: string | null;
}

export type EntityKind = 'contacts' | 'companies';

/** How one comparison of a pair came out: the same shape the service API shows the renderer. */
export type ComparisonExplanation = MatchComparisonView;

export interface PairExplanation {
  a: number | string;
  b: number | string;
  comparisons: ComparisonExplanation[];
  /** prior log2 odds + sum of weights */
  totalWeight: number;
  probability: number;
  passed: boolean;
  /** one sentence: why the pair passed or failed */
  reason: string;
  /** the same as a code */
  verdict: MatchVerdict;
  /** ids of the two cards whose name is a placeholder */
  placeholders: (number | string)[];
}

export interface MatchGroup {
  /** entity ids, in input order */
  ids: (number | string)[];
  /** the weakest probability among the links that formed the group (0..1) */
  confidence: number;
  /** the linked pairs inside the group, as indexes into ids, with their probability */
  links: { a: number; b: number; probability: number }[];
}

/** the engine's figures of one run: the contract's type, so match.file answers them as they are */
export type MatchStats = MatchFileStats;

export interface MatchResult {
  groups: MatchGroup[];
  stats: MatchStats;
}

// runtime: node
import type { FindingMeta, FlaggedEntities } from '../../../shared/audit/types';
import type { AuditContext } from './context';

export interface RuleResult {
  count: number;
  /** duplicates.*: number of groups */
  groups?: number;
  /** denominator for the share */
  total?: number;
  /** every flagged entity (the drill-down lists them; the summary keeps a sample) */
  entities: FlaggedEntities[];
  /** duplicates.*: the groups themselves, as card keys ("contacts:12") */
  groupList?: string[][];
  evidence?: Record<string, unknown>;
}

/** One audit rule: its metadata plus how it computes its figure from the shared context. */
export interface AuditRule extends FindingMeta {
  run(ctx: AuditContext): RuleResult;
}

export interface AuditOptions {
  /** where every window ends; default: the snapshot's finished_at, else now */
  asOf?: Date;
  /** window length in months (default 6) */
  windowMonths?: number;
  /** fields.low_fill threshold, a fraction (default 0.05) */
  lowFillThreshold?: number;
  /** pipelines.overloaded: more than this many working stages (default 10) */
  maxWorkingStages?: number;
  /** fields.text_as_list: at least this many values ... */
  textAsListMinValues?: number;
  /** ... and at most this many distinct ones */
  textAsListMaxDistinct?: number;
  /** fields.key_fill: names of key fields (case-insensitive) */
  keyFields?: string[];
  /** what-if target conversion (default 0.05) */
  targetConversion?: number;
  /** how many ids a finding keeps as its sample (default 20) */
  sampleSize?: number;
}

export interface ResolvedOptions {
  asOf: Date;
  windowMonths: number;
  lowFillThreshold: number;
  maxWorkingStages: number;
  textAsListMinValues: number;
  textAsListMaxDistinct: number;
  keyFields: string[];
  targetConversion: number;
  sampleSize: number;
}

export const DEFAULT_KEY_FIELDS = ['Откуда контакт', 'roistat'];

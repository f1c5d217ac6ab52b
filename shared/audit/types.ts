// runtime: common (no node, no DOM, no electron)
/**
 * The audit's data shapes, shared by the services (which compute them) and the renderer
 * (which shows them). Finding ids are stable: the fake server's truth uses the same ids.
 */

import type { AuditRowDetail } from '../messages/audit-rows';
import type { PlanRequestName } from '../plan/operations';
export type Severity = 'critical' | 'warning' | 'info';
export type AuditLang = 'ru' | 'en';

export interface Localized {
  ru: string;
  en: string;
}

/** Where a finding belongs in the report (the reference audit's chapters). */
export type AuditSection = 'overview' | 'users' | 'integrations' | 'general';

/** What kind of object a flagged id names. Composite keys are strings ("leads:123" for a tag). */
export const AUDIT_ENTITY_TYPES = [
  'contacts',
  'companies',
  'leads',
  'users',
  'task_types',
  'pipelines',
  'statuses', // id "pipelineId:statusId"
  'tags', // id "entityType:tagId"
  'custom_fields', // id "entityType:fieldId"
  'notes', // id "entityType:noteId"
  'events', // id as amoCRM gives it (a string)
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export type EntityId = number | string;

export interface FlaggedEntities {
  entityType: AuditEntityType;
  ids: EntityId[];
}

export interface FixSpec {
  /**
   * the fix it names: a plan request (PLAN_REQUEST, shared/plan/operations.ts) when the change plan
   * carries it out, else a name the plan leaves pending (e.g. 'tags.unused', on the admin checklist)
   */
  operation: PlanRequestName | (string & {});
  label: Localized;
}

export interface FindingMeta {
  id: string;
  section: AuditSection;
  title: Localized;
  severity: Severity;
  /** how the number is computed */
  description: Localized;
  recommendation: Localized;
  fix?: FixSpec;
}

export interface FindingSummary extends FindingMeta {
  count: number;
  /** duplicates.*: connected groups of cards */
  groups?: number;
  /** the denominator of share (e.g. all contacts), when one applies */
  total?: number;
  /** count ÷ total, 0..1 */
  share?: number;
  /** the first flagged ids (drill-down lists them all) */
  sampleIds: EntityId[];
  /** how many flagged entities the drill-down lists */
  flaggedCount: number;
  /** small JSON-safe facts behind the number (per-field fill rates, per-pipeline stage counts...) */
  evidence?: Record<string, unknown>;
  /** set when the snapshot lacks the data for this finding (a token without admin rights cannot read users): count is then not a figure */
  notComputed?: Localized;
}

export interface YearStats {
  year: number;
  created: number;
  won: number;
  revenue: number;
  /** won ÷ created, a fraction (0 when nothing was created) */
  conversion: number;
  /** created → closed, days, over the deals won in the year */
  avgDurationDays: number;
  /** revenue ÷ won */
  avgCheck: number;
  lost: number;
}

export interface LossReasonShare {
  id: number | null;
  name: string;
  count: number;
  /** of the lost deals that have a reason, 0..1 */
  share: number;
}

export interface StageConversion {
  statusId: number;
  name: string;
  /** deals that reached this stage or a later one (won counts as the last) */
  reached: number;
  /** reached(this) ÷ reached(previous); null for the first stage */
  fromPrevious: number | null;
}

export interface PipelineConversion {
  pipelineId: number;
  name: string;
  deals: number;
  won: number;
  stages: StageConversion[];
}

export interface ManagerStats {
  userId: number;
  name: string;
  isActive: boolean;
  tasksDone: number;
  /** completed call tasks (type 1) and call notes they are responsible for */
  calls: number;
  /** completed meeting tasks (type 2) */
  meetings: number;
  deals: number;
  won: number;
  lost: number;
  /** won ÷ deals, a fraction */
  conversion: number;
  revenue: number;
}

export interface Retention {
  /** clients (contacts and companies) with at least one won deal */
  clientsWithWon: number;
  /** of them, clients with two or more won deals */
  repeatClients: number;
  /** repeatClients ÷ clientsWithWon */
  rate: number;
}

export interface WhatIf {
  year: number;
  /** the year's actual conversion (won / created) */
  conversion: number;
  targetConversion: number;
  /**
   * created × target conversion × average check; null when the actual conversion already
   * reaches the target (a "what if" below the actual figure would only say less)
   */
  revenueAtTarget: number | null;
  /** created × 1 percentage point × average check */
  revenuePerPlusOnePercent: number;
}

export interface AuditAnalytics {
  years: YearStats[];
  lossReasons: LossReasonShare[];
  lostWithReason: number;
  lostWithoutReason: number;
  pipelines: PipelineConversion[];
  managers: ManagerStats[];
  retention: Retention;
  whatIf: WhatIf[];
}

export interface AuditAccountInfo {
  id: number | null;
  name: string | null;
  subdomain: string | null;
  createdAt: number | null;
  currency: string | null;
}

export interface AuditReport {
  /** ISO 8601: where every window ends */
  asOf: string;
  windowStart: string;
  windowMonths: number;
  generatedAt: string;
  durationMs: number;
  account: AuditAccountInfo;
  findings: FindingSummary[];
  analytics: AuditAnalytics;
}

/** A compact row of the drill-down table. */
export interface AuditEntityRow {
  entityType: AuditEntityType;
  id: EntityId;
  name: string;
  /** a short second column: phones, status, field type... (English; `detailRef` words it per language) */
  detail: string;
  /** the same detail by code with parameters (shared/messages/audit-rows.ts words it) */
  detailRef?: AuditRowDetail;
  /** the duplicates group the card belongs to (1-based), when it applies */
  group?: number;
}

export interface FixIntent {
  id: number;
  findingId: string;
  operation: string;
  entityType: AuditEntityType | null;
  entityCount: number;
  createdAt: number;
  status: string;
  /** the finding's title (RU/EN), when the rule is known */
  title?: Localized;
}

export interface PreviousAudit {
  file: string;
  finishedAt: number | null;
  asOf: string | null;
  counts: Record<string, number>;
}

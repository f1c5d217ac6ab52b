// runtime: common (no node, no DOM, no electron)
import type { Severity } from '../audit/types';

/** One snapshot of a comparison. */
export interface CompareSide {
  file: string;
  accountId: number | null;
  accountName: string | null;
  subdomain: string | null;
  /** when the snapshot was finished (Unix seconds) */
  finishedAt: number | null;
  health: number;
}

export interface FindingChange {
  id: string;
  title: { ru: string; en: string };
  severity: Severity;
  before: number;
  after: number;
  delta: number;
  /** for duplicates.*: groups then and now */
  groupsBefore?: number;
  groupsAfter?: number;
}

export interface GroupChange {
  entity: 'contacts' | 'companies';
  ids: number[];
  /** the names of the cards, as in the snapshot that has the group */
  names: string[];
}

/** Changes between the two snapshots, from NEW's events after OLD was taken. */
export interface ChangeSummary {
  /** entities per type then and now */
  counts: { entity: string; before: number; after: number }[];
  /** events after OLD's time, per event type */
  byType: { type: string; count: number }[];
  /** events after OLD's time, per user */
  byUser: { userId: number | null; name: string; count: number }[];
  /** deals, contacts and companies of NEW changed after OLD's time, per entity and the user who changed them last (updated_by) */
  updatedBy: { entity: string; userId: number | null; name: string; count: number }[];
  /** false when NEW holds no event after OLD's time (its notes/events window may not reach back) */
  hasEvents: boolean;
}

export interface HealthPoint {
  file: string;
  finishedAt: number | null;
  health: number;
}

export interface CompareReport {
  old: CompareSide;
  new: CompareSide;
  findings: FindingChange[];
  newGroups: GroupChange[];
  resolvedGroups: GroupChange[];
  changes: ChangeSummary;
  /** every snapshot of the account in the data folder (or --history DIR), oldest first */
  history: HealthPoint[];
  /** the health score fell from OLD to NEW */
  regression: boolean;
}

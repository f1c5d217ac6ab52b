// runtime: common (no node, no DOM, no electron)
// The audit capability's methods: run the audit of the open snapshot, drill down, export, record fixes.
import { z } from 'zod';
import type {
  AuditAnalytics,
  AuditEntityRow,
  AuditReport,
  FindingSummary,
  FixIntent,
  PreviousAudit,
} from '../../audit/types';
import { method } from '../define';

const findingId = z.string().min(1).max(100).regex(/^[a-z_]+(\.[a-z_]+)*$/);
/** ISO 8601 date or date-time */
const isoMoment = z
  .string()
  .max(40)
  .refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && Number.isFinite(Date.parse(s)), 'an ISO 8601 date or date-time');

export interface AuditExportResult {
  /** where the file was written (in the data folder) */
  path: string;
  fileName: string;
  /** with inline: true, the file as a data: URL for a browser download */
  dataUrl?: string;
}

export const auditMethods = {
  /**
   * Runs the audit of the open snapshot (answers the cached report when nothing changed).
   * The computation runs in a worker thread as an 'audit' job (progress per rule; jobs.cancel
   * stops it and this call answers CANCELLED); the call answers the report when it is done.
   * store: false leaves the file as it is (read-only use: the CLI's `audit`); by default a run on
   * a writable snapshot is stored for trends.
   */
  'audit.run': method<AuditReport>()(
    z.object({ asOf: isoMoment.optional(), force: z.boolean().default(false), store: z.boolean().default(true) }).strict(),
  ),
  /** The findings of the last run (runs the audit first if needed). */
  'audit.findings': method<FindingSummary[]>()(z.object({ asOf: isoMoment.optional() }).strict()),
  /** A page of a finding's flagged entities as compact rows (duplicates in group order). */
  'audit.entities': method<{ total: number; rows: AuditEntityRow[] }>()(
    z
      .object({
        findingId,
        asOf: isoMoment.optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(100_000).default(500),
      })
      .strict(),
  ),
  'audit.analytics': method<AuditAnalytics>()(z.object({ asOf: isoMoment.optional() }).strict()),
  /**
   * Writes the XLSX or HTML report into the data folder; inline also answers a data: URL.
   * out: an absolute path to write instead (the CLI's --xlsx/--html; refused on other transports).
   */
  'audit.export': method<AuditExportResult>()(
    z
      .object({
        out: z.string().min(1).max(4096).optional(),
        /** pdf: Electron only (printToPDF); a browser prints the HTML report instead */
        format: z.enum(['xlsx', 'html', 'pdf']),
        lang: z.enum(['ru', 'en']).default('ru'),
        asOf: isoMoment.optional(),
        inline: z.boolean().default(false),
      })
      .strict(),
  ),
  /** Records the intent to fix a finding (all its flagged entities, or the given ids) until the change plan takes it over. */
  'audit.fix': method<FixIntent>()(
    z
      .object({
        findingId,
        ids: z.array(z.union([z.number().int(), z.string().max(100)])).max(1_000_000).optional(),
      })
      .strict(),
  ),
  'audit.fixIntents': method<FixIntent[]>()(z.object({}).strict()),
  /** Removes a pending Fix intent (one a plan has taken over cannot be removed: remove its operations instead). */
  'audit.removeFixIntent': method<{ removed: boolean }>()(z.object({ id: z.number().int().positive() }).strict()),
  /** The audit of the previous snapshot of the same account in the data folder (for trends), or null. */
  'audit.previous': method<PreviousAudit | null>()(z.object({}).strict()),
};

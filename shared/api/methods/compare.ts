// runtime: common (no node, no DOM, no electron)
// Snapshots over time: compare two snapshot files of one account (a job whose result is a CompareReport).
import { z } from 'zod';
import { method } from '../define';

const file = z.string().min(1).max(4096);

export const compareMethods = {
  /** Starts comparing OLD with NEW (names in the data folder or absolute paths); the job's result is a CompareReport. */
  'compare.start': method<{ jobId: string }>()(
    z
      .object({
        old: file,
        new: file,
        /** the folder whose snapshots of the account make the health history: default the data folder; null: only OLD and NEW */
        historyDir: file.nullable().optional(),
        /** also write the comparison as an XLSX workbook to out, an absolute path (the CLI's --xlsx; refused on other transports) */
        xlsx: z.object({ out: file, lang: z.enum(['ru', 'en']).default('ru') }).strict().optional(),
      })
      .strict(),
  ),
};

// runtime: common (no node, no DOM, no electron)
// Duplicates computed and answered, never stored: the CLI's read-only `duplicates` (a snapshot file)
// and `match` (a JSONL file of API v4 entities). Both are jobs (progress, cancel).
import { z } from 'zod';
import { method } from '../define';
import { MATCH_ENTITIES, MATCH_PRESETS, type MatchEntity } from './match';

const file = z.string().min(1).max(4096);
const entity = z.enum(MATCH_ENTITIES);

/** One entity's duplicate groups in a snapshot (the job result of match.compute is {results: MatchComputed[]}). */
export interface MatchComputed {
  entity: MatchEntity;
  /** cards read */
  records: number;
  /** card ids per group */
  groups: number[][];
  seconds: number;
}

/** The engine's figures of one run. */
export interface MatchFileStats {
  records: number;
  candidatePairs: number;
  blocks: number;
  oversizedBlocks: number;
  links: number;
  groups: number;
  lambda: number;
  emIterations: number;
  seconds: number;
  phases: Record<string, number>;
}

/** The job result of match.file. */
export interface MatchFileResult {
  groups: { ids: (number | string)[]; confidence: number }[];
  /** with explain: every group's link explanations (the engine's, as printed by the CLI) */
  explanations?: unknown[][];
  stats: MatchFileStats;
}

export const matchComputeMethods = {
  /**
   * Matches the contacts and/or companies of a snapshot FILE (a name in the data folder or an
   * absolute path), opened read-only at its own schema (an older file is never upgraded), and
   * answers the groups: nothing is stored, the file stays byte-identical. "Not a duplicate"
   * decisions in the file are respected. rulesFiles: a rules file per entity instead of the preset.
   * A job (kind 'match'); its result is {results: MatchComputed[]}.
   */
  'match.compute': method<{ jobId: string }>()(
    z
      .object({
        file,
        entities: z.array(entity).min(1).max(2).default(['contacts', 'companies']),
        preset: z.enum(MATCH_PRESETS).default('balanced'),
        rulesFiles: z.object({ contacts: file.optional(), companies: file.optional() }).strict().default({}),
      })
      .strict(),
  ),
  /**
   * Matches the entities of a JSONL FILE (one amoCRM API v4 entity a line, read as a stream).
   * A job (kind 'match'); its result is a MatchFileResult.
   */
  'match.file': method<{ jobId: string }>()(
    z
      .object({
        file,
        entity,
        preset: z.enum(MATCH_PRESETS).default('balanced'),
        rulesFile: file.optional(),
        /** two-file linkage: pairs only across sources, every card in at most one pair */
        crossSource: z.boolean().default(false),
        explain: z.boolean().default(false),
      })
      .strict(),
  ),
};

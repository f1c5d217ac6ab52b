// runtime: node
/** What the match worker receives and posts back. */
import type { MatchEntity } from '../../../shared/api/methods/match';
import type { ApiError } from '../../../shared/api/result';
import type { Rules } from './rules';
import type { MatchRunInfo } from '../../../shared/api/methods/match';
import type { ComputedRun } from './store';

export interface MatchWorkerInput {
  file: string;
  entity: MatchEntity;
  rules: Rules;
  nativeBinding?: string;
  /**
   * The worker stores the run itself, through its own connection, once the main thread has taken
   * the file's writer lock for it (the "store" reply to "store-ready"); the main thread then
   * receives only the stored run's summary, never the groups.
   */
  store?: { preset: string; appVersion: string | null };
}

/** The stages a run reports, in order (engine phases between load and explain). */
export const MATCH_STAGES = ['load', 'prepare', 'frequencies', 'u-sampling', 'blocking', 'candidates', 'compare', 'em', 'score', 'cluster', 'explain'] as const;

/**
 * Progress per stage; then, when the worker only computes, the groups in chunks and the run without
 * its groups ("done"); when it stores (input.store), "store-ready" (computed, waiting for the writer
 * lock), and after the main thread's "store" reply, "stored" with the stored run's summary.
 */
export type MatchWorkerMessage =
  | { type: 'progress'; phase: string }
  | { type: 'groups'; groups: ComputedRun['groups'] }
  | { type: 'done'; computed: ComputedRun }
  | { type: 'store-ready'; groups: number }
  | { type: 'stored'; info: MatchRunInfo }
  | { type: 'error'; error: ApiError };

/** What the main thread answers to "store-ready". */
export type MatchWorkerReply = { type: 'store' };

/** Groups per transaction when the worker stores a run (each one short, so other writers wait little). */
export const GROUPS_PER_STORE_STEP = 500;

export const GROUPS_PER_MESSAGE = 500;

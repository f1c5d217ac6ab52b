// runtime: node
/** What the match worker receives and posts back. */
import type { MatchEntity } from '../../../shared/api/methods/match';
import type { ApiError } from '../../../shared/api/result';
import type { Rules } from './rules';
import type { ComputedRun } from './store';

export interface MatchWorkerInput {
  file: string;
  entity: MatchEntity;
  rules: Rules;
  nativeBinding?: string;
}

/** The stages a run reports, in order (engine phases between load and explain). */
export const MATCH_STAGES = ['load', 'prepare', 'frequencies', 'u-sampling', 'blocking', 'candidates', 'compare', 'em', 'score', 'cluster', 'explain'] as const;

/**
 * Progress per stage; the groups in chunks (each message is decoded on the main thread, so none is
 * large); then the run without its groups.
 */
export type MatchWorkerMessage =
  | { type: 'progress'; phase: string }
  | { type: 'groups'; groups: ComputedRun['groups'] }
  | { type: 'done'; computed: ComputedRun }
  | { type: 'error'; error: ApiError };

export const GROUPS_PER_MESSAGE = 500;

// runtime: common (no node, no DOM, no electron)
import type { ApiError } from './result';

/** Long work (snapshot, audit, match, push; a plan edit of the CLI waiting for its file) runs as a job that streams its state. */
export type JobKind = 'snapshot' | 'audit' | 'match' | 'plan' | 'push' | 'rollback' | 'export' | 'demo';
export type JobStatus = 'queued' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';

export interface JobStep {
  /** A stable key, e.g. a collection name ('contacts') or a plan step. */
  key: string;
  done: number;
  /** null while the total is not known yet (amoCRM lists carry no totals). */
  total: number | null;
  status: JobStatus;
}

export interface JobState {
  id: string;
  kind: JobKind;
  /** i18n key of the job's title, with its interpolation values. */
  titleKey: string;
  titleParams?: Record<string, string | number>;
  status: JobStatus;
  startedAt: number;
  finishedAt?: number;
  /** Overall progress 0..1 when it can be estimated. */
  fraction: number | null;
  etaSeconds: number | null;
  /** Requests per second measured over the last seconds, and the configured limit. */
  rate?: { current: number; limit: number };
  /** requests sent so far (a snapshot) */
  requests?: number;
  /** while the job waits for another writer of its file: who holds it ("pid 12 ("amosweep push") since …") */
  waitingFor?: string;
  steps: JobStep[];
  canPause: boolean;
  canCancel: boolean;
  error?: ApiError;
  /** A small, JSON-safe summary of what the job produced. */
  result?: Record<string, unknown>;
}

export type ApiEvent =
  | { type: 'job'; job: JobState }
  | { type: 'snapshot.changed'; file: string | null };

export type ApiEventListener = (event: ApiEvent) => void;

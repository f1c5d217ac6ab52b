// runtime: browser
import type { JobState, JobStatus } from '../../../shared/api/jobs';

export const ACTIVE_STATUSES: readonly JobStatus[] = ['queued', 'running', 'paused'];
export const isActive = (job: Pick<JobState, 'status'>): boolean => ACTIVE_STATUSES.includes(job.status);

export type JobsState = ReadonlyMap<string, JobState>;

/** Puts a job's latest state in the map (a new map, so React sees the change). */
export function upsertJob(state: JobsState, job: JobState): JobsState {
  const next = new Map(state);
  next.set(job.id, job);
  return next;
}

/**
 * Merges the answer of jobs.list. An event may have arrived while the list was on its way:
 * a job that the events already saw finish is never turned back to active by the older list.
 */
export function mergeJobList(state: JobsState, list: readonly JobState[]): JobsState {
  const next = new Map(state);
  for (const job of list) {
    const known = next.get(job.id);
    if (!known || isActive(known) || !isActive(job)) next.set(job.id, job);
  }
  return next;
}

export function removeJob(state: JobsState, jobId: string): JobsState {
  if (!state.has(jobId)) return state;
  const next = new Map(state);
  next.delete(jobId);
  return next;
}

/** Newest first. */
export function sortedJobs(state: JobsState): JobState[] {
  return [...state.values()].sort((a, b) => b.startedAt - a.startedAt);
}

// runtime: browser
import type { JobState, JobStep } from '../../../shared/api/jobs';
import { NAMESPACES } from '../i18n/resources';

/**
 * The i18n key of a job title. Services send `titleKey` as 'ns:key' ('changes:job.push'),
 * as 'ns.key' when the first segment is a namespace ('snapshot.job.title' → 'snapshot:job.title'),
 * or as a plain key, which resolves in `common` ('jobs.snapshot' → 'common:jobs.snapshot').
 */
export function jobTitleKey(job: Pick<JobState, 'titleKey'>): string {
  const key = job.titleKey;
  if (key.includes(':')) return key;
  const dot = key.indexOf('.');
  const first = dot > 0 ? key.slice(0, dot) : '';
  if (first && first !== 'common' && (NAMESPACES as readonly string[]).includes(first)) return `${first}:${key.slice(dot + 1)}`;
  return `common:${key}`;
}

/** Overall fraction: the job's own, else the mean of the steps whose totals are known. */
export function jobFraction(job: Pick<JobState, 'fraction' | 'steps' | 'status'>): number | null {
  if (job.status === 'done') return 1;
  if (job.fraction !== null && Number.isFinite(job.fraction)) return Math.min(1, Math.max(0, job.fraction));
  const known = job.steps.filter((s) => s.total !== null && s.total > 0);
  if (!known.length) return null;
  return known.reduce((sum, s) => sum + Math.min(1, s.done / (s.total ?? 1)), 0) / known.length;
}

export function stepFraction(step: JobStep): number | null {
  if (step.status === 'done') return 1;
  if (step.total === null || step.total <= 0) return null;
  return Math.min(1, step.done / step.total);
}

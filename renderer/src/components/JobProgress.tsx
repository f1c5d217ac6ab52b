// runtime: browser
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobState, JobStep } from '../../../shared/api/jobs';
import type { ApiError } from '../../../shared/api/result';
import { useJobs } from '../api/context';
import { formatDuration, formatNumber, formatPercent } from '../lib/format';
import { jobFraction, jobTitleKey, stepFraction } from '../lib/jobs';
import { useNow } from '../lib/use-now';
import { ErrorNotice } from './ErrorNotice';
import { ProgressBar } from './ProgressBar';
import { TableHead } from './TableHead';

export interface JobProgressProps {
  job: JobState;
  /** Label of a step key; default `common:collections.<key>`, falling back to the key. */
  stepLabel?: (step: JobStep) => string;
  /** Show the per-step table (default true). */
  showSteps?: boolean;
  /** Compact one-line form (status bar). */
  compact?: boolean;
  onDismiss?: () => void;
}

/** A job's progress: overall bar, steps, rate against the limit, ETA, and pause/resume/cancel. */
export function JobProgress({ job, stepLabel, showSteps = true, compact, onDismiss }: JobProgressProps) {
  const { t, i18n } = useTranslation('common');
  const lang = i18n.language;
  const jobs = useJobs();
  const [controlError, setControlError] = useState<ApiError | null>(null);
  const fraction = jobFraction(job);
  const title = t(jobTitleKey(job), { ...job.titleParams, defaultValue: t(`jobs.${job.kind}`) });
  const active = job.status === 'running' || job.status === 'queued' || job.status === 'paused';
  const now = useNow(active && !compact);
  const labelOf = stepLabel ?? ((step: JobStep) => t(`collections.${step.key}`, { defaultValue: step.key }));

  const control = async (what: 'pause' | 'resume' | 'cancel') => {
    const result = await jobs[what](job.id);
    setControlError(result.ok ? null : result.error);
  };

  const buttons = (
    <div className="job-buttons">
      {job.canPause && job.status === 'running' ? (
        <button type="button" className="btn btn-small" onClick={() => void control('pause')} data-testid="job-pause">
          {t('job.pause')}
        </button>
      ) : null}
      {job.canPause && job.status === 'paused' ? (
        <button type="button" className="btn btn-small" onClick={() => void control('resume')} data-testid="job-resume">
          {t('job.resume')}
        </button>
      ) : null}
      {job.canCancel && active ? (
        <button type="button" className="btn btn-small btn-danger" onClick={() => void control('cancel')} data-testid="job-cancel">
          {t('job.cancel')}
        </button>
      ) : null}
      {!active && onDismiss ? (
        <button type="button" className="btn btn-small btn-ghost" onClick={onDismiss} aria-label={t('actions.dismiss')}>
          ✕
        </button>
      ) : null}
    </div>
  );

  const eta = active && job.etaSeconds !== null ? t('job.eta', { time: formatDuration(job.etaSeconds, lang) }) : null;
  const rate = job.rate
    ? t('job.rate', { current: formatNumber(job.rate.current, lang, 1), limit: formatNumber(job.rate.limit, lang, 1) })
    : null;

  if (compact) {
    return (
      <div className="job job-compact" data-testid="job-progress" data-job-id={job.id} data-job-status={job.status}>
        <span className="job-title">{title}</span>
        <ProgressBar value={fraction} label={title} small />
        <span className="job-meta">{fraction !== null ? formatPercent(fraction, lang) : t(`jobStatus.${job.status}`)}</span>
        {eta ? <span className="job-meta">{eta}</span> : null}
        {buttons}
      </div>
    );
  }

  return (
    <section className="job card" data-testid="job-progress" data-job-id={job.id} data-job-status={job.status} aria-label={title}>
      <header className="job-header">
        <h3 className="job-title">{title}</h3>
        <span className={`badge badge-${job.status}`} data-testid="job-status">
          {t(`jobStatus.${job.status}`)}
        </span>
        {buttons}
      </header>
      <ProgressBar
        value={fraction}
        label={title}
        valueText={fraction !== null ? formatPercent(fraction, lang) : t(`jobStatus.${job.status}`)}
      />
      <div className="job-stats">
        <span>{fraction !== null ? formatPercent(fraction, lang) : '—'}</span>
        {rate ? (
          <span data-testid="job-rate" className={job.rate && job.rate.current > job.rate.limit ? 'text-danger' : undefined}>
            {rate}
          </span>
        ) : null}
        {eta ? <span data-testid="job-eta">{eta}</span> : null}
        <span>{t('job.elapsed', { time: formatDuration(((job.finishedAt ?? Math.max(now, job.startedAt)) - job.startedAt) / 1000, lang) })}</span>
      </div>
      {showSteps && job.steps.length ? (
        <div className="steps-scroll">
          <table className="steps">
            <TableHead columns={[t('job.step'), t('job.progress'), { label: t('job.done'), num: true }]} />
            <tbody>
              {job.steps.map((step) => {
                const label = labelOf(step);
                const f = stepFraction(step);
                return (
                  <tr key={step.key} data-step={step.key} data-step-status={step.status}>
                    <th scope="row">{label}</th>
                    <td>
                      <ProgressBar value={step.status === 'queued' ? 0 : f} label={label} small />
                    </td>
                    <td className="num">
                      {step.total !== null
                        ? t('job.ofTotal', { done: formatNumber(step.done, lang), total: formatNumber(step.total, lang) })
                        : formatNumber(step.done, lang)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {job.error ? <ErrorNotice error={job.error} /> : null}
      <ErrorNotice error={controlError} onDismiss={() => setControlError(null)} compact />
    </section>
  );
}

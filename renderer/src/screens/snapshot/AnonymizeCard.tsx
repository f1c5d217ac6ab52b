// runtime: browser
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobStep } from '../../../../shared/api/jobs';
import { useAction, useJob } from '../../api/context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobProgress } from '../../components/JobProgress';
import { PathInput } from '../../components/PathInput';
import { baseName } from '../../lib/format';
import { withSnapshotExt } from './limits';

/** "Anonymized copy for an auditor": writes a copy of the open snapshot with pseudonyms (a job). */
export function AnonymizeCard({ fileName, onOpen }: { fileName: string; onOpen: (file: string) => void }) {
  const { t } = useTranslation('snapshot');
  const start = useAction('snapshot.anonymize');
  const [file, setFile] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const result = typeof job?.result?.file === 'string' ? job.result.file : null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const res = await start.run(file.trim() ? { file: withSnapshotExt(file) } : {});
    if (res.ok) setJobId(res.value.jobId);
  };
  const stepLabel = (step: JobStep) => t(`anonymize.steps.${step.key.replace('anonymize.', '')}`, { defaultValue: step.key });
  return (
    <section className="card" aria-labelledby="anonymize-title" data-testid="anonymize-card">
      <h2 id="anonymize-title">{t('anonymize.title')}</h2>
      <p className="screen-description">{t('anonymize.description')}</p>
      <form className="form" onSubmit={submit}>
        <PathInput
          label={t('anonymize.file')}
          value={file}
          onChange={setFile}
          hint={t('anonymize.fileHint', { name: `${baseName(fileName).replace(/\.amosweep$/, '')}-anonymized.amosweep` })}
          testId="anonymize-file"
        />
        <ErrorNotice error={start.error} onDismiss={start.clearError} />
        <div>
          <button type="submit" className="btn" disabled={start.pending || (job !== undefined && job.status === 'running')} data-testid="anonymize-start">
            {t('anonymize.submit')}
          </button>
        </div>
      </form>
      {job ? <JobProgress job={job} stepLabel={stepLabel} /> : null}
      {job?.status === 'done' && result ? (
        <p data-testid="anonymize-done">
          {t('anonymize.done', { name: baseName(result) })}{' '}
          <button type="button" className="btn btn-small btn-primary" onClick={() => onOpen(result)} data-testid="anonymize-open">
            {t('jobs.openResult', { name: baseName(result) })}
          </button>
        </p>
      ) : null}
    </section>
  );
}

// runtime: browser
import { useTranslation } from 'react-i18next';
import { useApi, useJobs, useSnapshot } from '../api/context';
import { JobProgress } from '../components/JobProgress';
import { baseName, formatDateTime } from '../lib/format';
import { DiagnosticsButton } from './DiagnosticsButton';

/** The open snapshot (file, account) and the running jobs, with progress, ETA and cancel. */
export function StatusBar() {
  const { t, i18n } = useTranslation('common');
  const api = useApi();
  const { info } = useSnapshot();
  const { active } = useJobs();
  return (
    <footer className="statusbar" data-testid="status-bar" aria-label={t('status.label')}>
      <div className="status-snapshot" data-testid="status-snapshot" data-open={info ? 'true' : 'false'}>
        {info ? (
          <>
            <span className="status-dot ok" aria-hidden="true" />
            <span className="status-file" title={info.file} data-testid="status-snapshot-file">
              {baseName(info.file)}
            </span>
            <span className="status-account" data-testid="status-snapshot-account">
              {info.accountName ?? info.subdomain ?? t('status.unknownAccount')}
            </span>
            {info.finishedAt ? (
              <span className="status-meta">{t('status.takenAt', { time: formatDateTime(info.finishedAt, i18n.language) })}</span>
            ) : null}
            {info.readOnly ? <span className="badge">{t('status.readOnly')}</span> : null}
            {!info.complete ? <span className="badge badge-paused">{t('status.incomplete')}</span> : null}
          </>
        ) : (
          <>
            <span className="status-dot" aria-hidden="true" />
            <span>{t('status.noSnapshot')}</span>
          </>
        )}
      </div>
      <div className="status-jobs" data-testid="status-jobs">
        {active.length === 0 ? (
          <span className="status-meta">{t('status.noJobs')}</span>
        ) : (
          active.slice(0, 2).map((job) => <JobProgress key={job.id} job={job} compact />)
        )}
        {active.length > 2 ? <span className="status-meta">{t('status.moreJobs', { count: active.length - 2 })}</span> : null}
      </div>
      <div className="status-transport status-meta" data-testid="status-transport">
        <DiagnosticsButton /> {t(`status.transport.${api.transport}`)}
      </div>
    </footer>
  );
}

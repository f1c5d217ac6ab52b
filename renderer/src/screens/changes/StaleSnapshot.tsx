// runtime: browser
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanSummary } from '../../../../shared/api/methods/plan';
import type { SnapshotInfo } from '../../../../shared/api/methods/snapshot';
import { useAction, useCall, useJob, useSnapshot } from '../../api/context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobProgress } from '../../components/JobProgress';

/** True when a plan pushed (or rolled back) something after the snapshot was taken. */
export function isStale(info: Pick<SnapshotInfo, 'finishedAt'> | null, plans: readonly Pick<PlanSummary, 'finishedAt' | 'byStatus'>[]): boolean {
  if (!info || info.finishedAt === null) return false;
  return plans.some((p) => p.finishedAt !== null && (p.byStatus.applied ?? 0) > 0 && p.finishedAt > info.finishedAt!);
}

/** A refresh of the open snapshot in progress: its job and the file to open again when it is done. */
export interface Refreshing {
  jobId: string;
  file: string;
}

/**
 * Follows a refresh started by StaleSnapshot. It lives above the screen's snapshot-gated part:
 * the services close the file while it is refreshed, and it is opened again here when done.
 */
export function useRefreshing(): { refreshing: Refreshing | null; start: (r: Refreshing) => void; view: ReactNode } {
  const snapshot = useSnapshot();
  const open = useAction('snapshot.open');
  const [refreshing, setRefreshing] = useState<Refreshing | null>(null);
  const job = useJob(refreshing?.jobId ?? null);
  const reload = snapshot.reload;
  const reopen = open.run;
  const done = useRef<string | null>(null);
  useEffect(() => {
    if (!refreshing || !job || done.current === refreshing.jobId) return;
    if (job.status === 'done') {
      done.current = refreshing.jobId;
      void reopen({ file: refreshing.file }).then(() => {
        reload();
        setRefreshing(null);
      });
    } else if (job.status === 'failed' || job.status === 'cancelled') {
      done.current = refreshing.jobId;
      // the file is as it was before the refresh: open it again
      void reopen({ file: refreshing.file }).then(() => reload());
    }
  }, [job, refreshing, reopen, reload]);
  const view = job ? (
    <div data-testid="changes-refreshing">
      <JobProgress job={job} compact onDismiss={job.status === 'done' ? undefined : () => setRefreshing(null)} />
      <ErrorNotice error={open.error} compact />
    </div>
  ) : null;
  return { refreshing, start: setRefreshing, view };
}

/**
 * After a push or a rollback the snapshot no longer shows the account: says so, and refreshes it
 * (only what changed) through the connection of its account.
 */
export function StaleSnapshot({ plans, onRefresh, refreshing }: { plans: readonly PlanSummary[]; onRefresh: (r: Refreshing) => void; refreshing: boolean }) {
  const { t } = useTranslation('changes');
  const { info } = useSnapshot();
  const connections = useCall('connect.list', {});
  const start = useAction('snapshot.start');
  if (!info || !isStale(info, plans)) return null;
  const connection = connections.value?.find((c) => info.subdomain !== null && c.subdomain === info.subdomain) ?? connections.value?.[0] ?? null;
  const refresh = async () => {
    if (!connection) return;
    const r = await start.run({ connectionId: connection.id, file: info.file, refresh: true });
    if (r.ok) onRefresh({ jobId: r.value.jobId, file: info.file });
  };
  return (
    <div className="notice notice-warning changes-stale" role="status" data-testid="changes-stale">
      <div className="notice-body">
        <strong>{t('stale.title')}</strong>
        <span>{t('stale.text')}</span>
        {!connection ? <span className="muted">{t('stale.noConnection')}</span> : null}
        <ErrorNotice error={start.error} compact />
      </div>
      <div className="notice-actions">
        <button type="button" className="btn btn-primary btn-small" onClick={() => void refresh()} disabled={!connection || start.pending || refreshing} data-testid="changes-stale-refresh">
          {t('stale.refresh')}
        </button>
      </div>
    </div>
  );
}

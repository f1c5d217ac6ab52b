// runtime: browser
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobState } from '../../../../shared/api/jobs';
import type { ConnectionInfo, ShapeNoteInfo, SnapshotFileInfo, SnapshotInfo } from '../../../../shared/api/methods/snapshot';
import type { ApiError } from '../../../../shared/api/result';
import { useAction, useApiEvent, useCall, useJobs, useSnapshot } from '../../api/context';
import { useRoute } from '../../app/router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobProgress } from '../../components/JobProgress';
import { PathInput } from '../../components/PathInput';
import { ScreenHeader } from '../../components/ScreenHeader';
import { useToast } from '../../components/Toast';
import { baseName, formatBytes, formatDateTime, formatDuration, formatNumber } from '../../lib/format';
import { clampNotesMonths, clampRps, RPS_MAX, withSnapshotExt } from './limits';
import { OpenFiles } from './OpenFiles';
import { TableHead } from '../../components/TableHead';
import { AnonymizeCard } from './AnonymizeCard';

export default function SnapshotScreen() {
  const { t } = useTranslation('snapshot');
  const { params, setParams, navigate } = useRoute();
  const toast = useToast();
  const connections = useCall('connect.list', {});
  const files = useCall('snapshot.files', {});
  const { jobs, dismiss } = useJobs();
  const snapshot = useSnapshot();
  const open = useAction('snapshot.open');

  const connectionId = params.connection ?? connections.value?.[0]?.id ?? '';
  const startedJobId = params.job ?? null;
  const snapshotJobs = useMemo(
    () => jobs.filter((job) => job.kind === 'snapshot' && (job.id === startedJobId || job.status !== 'done')),
    [jobs, startedJobId],
  );

  // A snapshot job that finishes changes the file list. Refreshing the open file closes it in
  // the services while it is written; it is opened again when the refresh is done.
  const finished = useRef(new Set<string>());
  const [reopen, setReopen] = useState<Record<string, string>>({});
  const reloadFiles = files.reload;
  const openRef = useRef<(file: string) => void>(() => undefined);
  useEffect(() => {
    for (const job of snapshotJobs) {
      if ((job.status === 'done' || job.status === 'failed' || job.status === 'cancelled') && !finished.current.has(job.id)) {
        finished.current.add(job.id);
        reloadFiles();
        const file = reopen[job.id];
        if (file && job.status === 'done') openRef.current(file);
      }
    }
  }, [snapshotJobs, reloadFiles, reopen]);
  useApiEvent((event) => {
    if (event.type === 'snapshot.changed') reloadFiles();
  });

  const openFile = async (file: string) => {
    const result = await open.run({ file });
    if (result.ok) {
      snapshot.reload();
      toast.show({
        kind: 'success',
        message: t('opened', { name: baseName(result.value.file) }),
        action: { label: t('goBrowse'), onClick: () => navigate('browse') },
      });
    }
  };

  useEffect(() => {
    openRef.current = (file: string) => void openFile(file);
  });

  return (
    <>
      <ScreenHeader title={t('title')} description={t('description')} />
      {snapshot.info ? <CurrentSnapshot info={snapshot.info} /> : null}
      {snapshot.info ? <AnonymizeCard fileName={snapshot.info.file} onOpen={openFile} /> : null}
      <OpenFiles />
      <div className="grid-2">
        <StartForm
          connections={connections.value ?? []}
          connectionId={connectionId}
          onConnectionChange={(id) => setParams({ connection: id, job: startedJobId })}
          onStarted={(jobId) => setParams({ connection: connectionId, job: jobId })}
          loading={connections.status === 'loading' && !connections.value}
        />
        <section className="card" aria-labelledby="jobs-title" data-testid="snapshot-jobs">
          <h2 id="jobs-title">{t('jobs.title')}</h2>
          {snapshotJobs.length === 0 ? (
            <EmptyState title={t('jobs.empty')} description={t('jobs.emptyHint')} testId="snapshot-jobs-empty" />
          ) : (
            <div className="form">
              {snapshotJobs.map((job) => (
                <SnapshotJob key={job.id} job={job} onOpen={openFile} onDismiss={() => dismiss(job.id)} />
              ))}
            </div>
          )}
        </section>
      </div>
      <FileList
        files={files.value ?? []}
        loading={files.status === 'loading' && !files.value}
        error={files.status === 'error' ? files.error : null}
        onReload={files.reload}
        currentFile={snapshot.info?.file ?? null}
        connections={connections.value ?? []}
        connectionId={connectionId}
        onOpen={openFile}
        onStarted={(jobId, via, file) => {
          if (file === snapshot.info?.file) setReopen((r) => ({ ...r, [jobId]: file }));
          setParams({ connection: via, job: jobId });
        }}
      />
      <ErrorNotice error={open.error} onDismiss={open.clearError} />
    </>
  );
}

function CurrentSnapshot({ info }: { info: SnapshotInfo }) {
  const { t, i18n } = useTranslation('snapshot');
  const close = useAction('snapshot.close');
  const snapshot = useSnapshot();
  const counts = Object.entries(info.counts).filter(([, n]) => n > 0);
  return (
    <section className="card" aria-labelledby="current-title" data-testid="current-snapshot">
      <div className="screen-header">
        <div>
          <h2 id="current-title">{t('current.title')}</h2>
          <p className="screen-description">
            <strong>{info.accountName ?? info.subdomain ?? t('common:status.unknownAccount')}</strong> · <code title={info.file}>{baseName(info.file)}</code>
            {' · '}
            {t('current.taken', { time: formatDateTime(info.finishedAt ?? info.startedAt, i18n.language) })}
            {info.complete ? null : <> · <span className="badge badge-paused">{t('common:status.incomplete')}</span></>}
          </p>
        </div>
        <button
          type="button"
          className="btn"
          data-testid="snapshot-close"
          disabled={close.pending}
          onClick={async () => {
            const result = await close.run({});
            if (result.ok) snapshot.reload();
          }}
        >
          {t('common:actions.close')}
        </button>
      </div>
      {counts.length ? (
        <dl className="counts" data-testid="snapshot-counts">
          {counts.map(([key, n]) => (
            <div key={key} data-collection={key}>
              <dt>{t(`common:collections.${key}`, { defaultValue: key })}</dt>
              <dd>{formatNumber(n, i18n.language)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <ShapesNotUnderstood notes={info.shapesNotUnderstood ?? []} />
      <ErrorNotice error={close.error} onDismiss={close.clearError} />
    </section>
  );
}

/** What amoCRM sent that this version does not understand: listed, never dropped (kept raw in the file). */
function ShapesNotUnderstood({ notes }: { notes: readonly ShapeNoteInfo[] }) {
  const { t, i18n } = useTranslation('snapshot');
  if (notes.length === 0) {
    return (
      <p className="muted" data-testid="snapshot-shapes-none">
        {t('shapes.none')}
      </p>
    );
  }
  return (
    <details data-testid="snapshot-shapes">
      <summary>{t('shapes.title', { count: notes.length })}</summary>
      <p className="field-hint">{t('shapes.hint')}</p>
      <table className="plain">
        <TableHead columns={[t('shapes.collection'), t('shapes.kind'), t('shapes.path'), { label: t('shapes.count'), num: true }, t('shapes.example')]} />
        <tbody>
          {notes.map((n) => (
            <tr key={`${n.collection}|${n.kind}|${n.path}`}>
              <td>{t(`common:collections.${n.collection}`, { defaultValue: n.collection })}</td>
              <td>{t(`shapes.kinds.${n.kind}`)}</td>
              <td>
                <code>{n.path}</code>
              </td>
              <td className="num">{formatNumber(n.count, i18n.language)}</td>
              <td>
                <code title={n.example}>{n.example.length > 80 ? `${n.example.slice(0, 80)}…` : n.example}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function StartForm({
  connections,
  connectionId,
  onConnectionChange,
  onStarted,
  loading,
}: {
  connections: ConnectionInfo[];
  connectionId: string;
  onConnectionChange: (id: string) => void;
  onStarted: (jobId: string) => void;
  loading: boolean;
}) {
  const { t } = useTranslation('snapshot');
  const { navigate } = useRoute();
  const start = useAction('snapshot.start');
  const info = useCall('app.info', {});
  const [file, setFile] = useState('');
  const [notesMonths, setNotesMonths] = useState('6');
  const [wholeHistory, setWholeHistory] = useState(false);
  const [rps, setRps] = useState(String(RPS_MAX));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!connectionId) return;
    const result = await start.run({
      connectionId,
      ...(file.trim() ? { file: withSnapshotExt(file) } : {}),
      notesMonths: wholeHistory ? 'all' : clampNotesMonths(Number(notesMonths)),
      rps: clampRps(Number(rps)),
    });
    if (result.ok) onStarted(result.value.jobId);
  };

  return (
    <section className="card" aria-labelledby="start-title">
      <h2 id="start-title">{t('start.title')}</h2>
      {loading ? (
        <p className="muted" role="status">{t('common:loading')}</p>
      ) : connections.length === 0 ? (
        <EmptyState
          title={t('start.noConnections')}
          description={t('start.noConnectionsHint')}
          testId="snapshot-no-connections"
          actions={
            <button type="button" className="btn btn-primary" onClick={() => navigate('connect')}>
              {t('start.goConnect')}
            </button>
          }
        />
      ) : (
        <form className="form" onSubmit={submit} data-testid="snapshot-start-form">
          <div className="field">
            <label htmlFor="snap-connection">{t('start.connection')}</label>
            <select
              id="snap-connection"
              value={connectionId}
              onChange={(e) => onConnectionChange(e.target.value)}
              data-testid="snapshot-connection"
            >
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.accountName ?? c.subdomain} ({c.baseUrl})
                </option>
              ))}
            </select>
          </div>
          <PathInput
            label={t('start.file')}
            value={file}
            onChange={setFile}
            hint={info.value ? t('start.fileHint', { dir: info.value.dataDir }) : t('start.fileHintNoDir')}
            testId="snapshot-file"
          />
          <div className="form-row">
            <div className="field">
              <label htmlFor="snap-notes">{t('start.notesMonths')}</label>
              <input
                id="snap-notes"
                type="number"
                min={0}
                max={60}
                step={1}
                value={notesMonths}
                disabled={wholeHistory}
                onChange={(e) => setNotesMonths(e.target.value)}
                aria-describedby="snap-notes-hint"
                data-testid="snapshot-notes-months"
              />
              <label className="checkbox">
                <input type="checkbox" checked={wholeHistory} onChange={(e) => setWholeHistory(e.target.checked)} data-testid="snapshot-notes-all" />{' '}
                {t('start.notesAll')}
              </label>
              <p id="snap-notes-hint" className="field-hint">{t('start.notesMonthsHint')}</p>
              <NotesCost connectionId={connectionId} notesMonths={wholeHistory ? 'all' : clampNotesMonths(Number(notesMonths))} rps={clampRps(Number(rps))} />
            </div>
            <div className="field">
              <label htmlFor="snap-rps">{t('start.rps')}</label>
              <input
                id="snap-rps"
                type="number"
                min={0.5}
                max={RPS_MAX}
                step={0.5}
                value={rps}
                onChange={(e) => setRps(e.target.value)}
                aria-describedby="snap-rps-hint"
                data-testid="snapshot-rps"
              />
              <p id="snap-rps-hint" className="field-hint">{t('start.rpsHint', { max: RPS_MAX })}</p>
            </div>
          </div>
          <ErrorNotice error={start.error} onDismiss={start.clearError} />
          <div>
            <button type="submit" className="btn btn-primary" disabled={start.pending || !connectionId} data-testid="snapshot-start">
              {t('start.submit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** The request cost of the notes and events window, estimated from the API on demand. */
function NotesCost({ connectionId, notesMonths, rps }: { connectionId: string; notesMonths: number | 'all'; rps: number }) {
  const { t, i18n } = useTranslation('snapshot');
  const estimate = useAction('snapshot.estimate');
  const [shown, setShown] = useState<{ key: string; requests: number; seconds: number } | null>(null);
  const key = `${connectionId}|${notesMonths}|${rps}`;
  return (
    <div className="field-hint" data-testid="snapshot-notes-cost">
      <button
        type="button"
        className="btn btn-small"
        disabled={!connectionId || estimate.pending}
        onClick={async () => {
          const res = await estimate.run({ connectionId, notesMonths, rps });
          if (res.ok) setShown({ key, requests: res.value.requests, seconds: res.value.seconds });
        }}
        data-testid="snapshot-notes-estimate"
      >
        {estimate.pending ? t('start.estimating') : t('start.estimate')}
      </button>{' '}
      {shown && shown.key === key ? (
        <span data-testid="snapshot-notes-cost-value">
          {t('start.cost', { count: shown.requests, requests: formatNumber(shown.requests, i18n.language), time: formatDuration(shown.seconds, i18n.language), rps })}
        </span>
      ) : null}
      <ErrorNotice error={estimate.error} onDismiss={estimate.clearError} />
    </div>
  );
}

function SnapshotJob({ job, onOpen, onDismiss }: { job: JobState; onOpen: (file: string) => void; onDismiss: () => void }) {
  const { t } = useTranslation('snapshot');
  const file = typeof job.result?.file === 'string' ? job.result.file : null;
  return (
    <div className="form">
      <JobProgress job={job} onDismiss={onDismiss} />
      {job.status === 'done' && file ? (
        <div>
          <button type="button" className="btn btn-primary" onClick={() => onOpen(file)} data-testid="snapshot-open-result">
            {t('jobs.openResult', { name: baseName(file) })}
          </button>
        </div>
      ) : null}
    </div>
  );
}

function FileList({
  files,
  loading,
  error,
  onReload,
  currentFile,
  connections,
  connectionId,
  onOpen,
  onStarted,
}: {
  files: SnapshotFileInfo[];
  connections: ConnectionInfo[];
  loading: boolean;
  error: ApiError | null;
  onReload: () => void;
  currentFile: string | null;
  connectionId: string;
  onOpen: (file: string) => void;
  onStarted: (jobId: string, connectionId: string, file: string) => void;
}) {
  const { t, i18n } = useTranslation('snapshot');
  const refresh = useAction('snapshot.start');
  const lang = i18n.language;
  const sorted = useMemo(() => [...files].sort((a, b) => b.modifiedAt - a.modifiedAt), [files]);
  return (
    <section className="card" aria-labelledby="files-title" data-testid="snapshot-files">
      <div className="screen-header">
        <h2 id="files-title">{t('files.title')}</h2>
        <button type="button" className="btn btn-small" onClick={onReload} data-testid="snapshot-files-reload">
          {t('common:actions.reload')}
        </button>
      </div>
      <ErrorNotice error={error} onRetry={onReload} />
      <ErrorNotice error={refresh.error} onDismiss={refresh.clearError} />
      {loading ? (
        <p className="muted" role="status">{t('common:loading')}</p>
      ) : sorted.length === 0 ? (
        <EmptyState title={t('files.empty')} description={t('files.emptyHint')} testId="snapshot-files-empty" />
      ) : (
        <table className="plain">
          <TableHead
            columns={[t('files.name'), t('files.account'), t('files.finished'), { label: t('files.size'), num: true }, t('files.modified'), { label: t('files.actions'), hidden: true }]}
          />
          <tbody>
            {sorted.map((f) => {
              const isOpen = currentFile === f.file;
              // refresh through the connection of the file's own account when there is one
              const refreshVia = connections.find((c) => f.subdomain !== null && c.subdomain === f.subdomain)?.id ?? connectionId;
              return (
                <tr key={f.file} data-testid="snapshot-file-row" data-file={f.file} data-valid={f.valid}>
                  <td>
                    <code title={f.file}>{f.name}</code>{' '}
                    {isOpen ? <span className="badge badge-done">{t('files.open')}</span> : null}
                    {!f.valid ? (
                      <div className="text-danger" data-testid="snapshot-file-problem">
                        <span className="badge badge-invalid">{t('files.invalid')}</span> {f.problem ?? t('files.invalidUnknown')}
                      </div>
                    ) : null}
                  </td>
                  <td>{f.accountName ?? f.subdomain ?? '—'}</td>
                  <td>{f.finishedAt ? formatDateTime(f.finishedAt, lang) : <span className="muted">{t('files.unfinished')}</span>}</td>
                  <td className="num">{formatBytes(f.sizeBytes, lang)}</td>
                  <td>{formatDateTime(f.modifiedAt, lang)}</td>
                  <td className="num">
                    <button
                      type="button"
                      className="btn btn-small btn-primary"
                      disabled={!f.valid || isOpen}
                      onClick={() => onOpen(f.file)}
                      data-testid="snapshot-file-open"
                    >
                      {t('common:actions.open')}
                    </button>{' '}
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={!f.valid || !refreshVia || refresh.pending}
                      title={refreshVia ? t('files.refreshHint') : t('files.refreshNeedsConnection')}
                      onClick={async () => {
                        const result = await refresh.run({ connectionId: refreshVia, file: f.file, refresh: true });
                        if (result.ok) onStarted(result.value.jobId, refreshVia, f.file);
                      }}
                      data-testid="snapshot-file-refresh"
                    >
                      {t('common:actions.refresh')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

// runtime: browser
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecentFile } from '../../../../shared/api/methods/files';
import { useAction, useApiEvent, useCall, useSnapshot } from '../../api/context';
import { useOpenSnapshot } from '../../app/use-open-snapshot';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PathInput } from '../../components/PathInput';
import { TableHead } from '../../components/TableHead';
import { baseName, formatDateTime } from '../../lib/format';

/**
 * Open a snapshot file: the system dialog in the desktop app, a path field in the browser
 * (which has no dialog that gives a path), dropping a file on the window, or the recent list.
 */
export function OpenFiles() {
  const { t, i18n } = useTranslation('desktop');
  const opener = useOpenSnapshot();
  const pick = useAction('app.pickFile');
  const info = useCall('app.info', {});
  const recent = useCall('files.recent', {});
  const forget = useAction('files.forgetRecent');
  const snapshot = useSnapshot();
  const [path, setPath] = useState('');
  const desktop = info.value?.transport === 'electron';
  const reloadRecent = recent.reload;
  useApiEvent((event) => {
    if (event.type === 'snapshot.changed') reloadRecent();
  });

  const openPath = async (event: FormEvent) => {
    event.preventDefault();
    if (path.trim() && (await opener.open(path.trim()))) setPath('');
  };

  return (
    <section className="card" aria-labelledby="open-file-title" data-testid="open-files">
      <h2 id="open-file-title">{t('open.title')}</h2>
      <p className="field-hint">{t('open.hint')}</p>
      {desktop ? (
        <div>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="open-file-dialog"
            disabled={pick.pending || opener.pending}
            onClick={async () => {
              const result = await pick.run({ purpose: 'open' });
              if (result.ok && result.value.file) await opener.open(result.value.file);
            }}
          >
            {t('open.choose')}
          </button>
        </div>
      ) : (
        <form className="form form-inline" onSubmit={openPath} data-testid="open-file-form">
          <PathInput label={t('open.path')} value={path} onChange={setPath} hint={t('open.pathHint')} testId="open-file-path" />
          <div>
            <button type="submit" className="btn btn-primary" disabled={!path.trim() || opener.pending} data-testid="open-file-submit">
              {t('common:actions.open')}
            </button>
          </div>
        </form>
      )}
      <ErrorNotice error={opener.error ?? pick.error} onDismiss={() => (opener.clearError(), pick.clearError())} />

      <h3 id="recent-title">{t('recent.title')}</h3>
      <ErrorNotice error={recent.status === 'error' ? recent.error : null} onRetry={recent.reload} />
      <ErrorNotice error={forget.error} onDismiss={forget.clearError} />
      {(recent.value ?? []).length === 0 ? (
        <EmptyState title={t('recent.empty')} description={t('recent.emptyHint')} testId="recent-empty" />
      ) : (
        <table className="plain" aria-labelledby="recent-title" data-testid="recent-files">
          <TableHead columns={[t('recent.file'), t('recent.account'), t('recent.taken'), t('recent.opened'), { label: t('recent.actions'), hidden: true }]} />
          <tbody>
            {(recent.value ?? []).map((r: RecentFile) => {
              const isOpen = snapshot.info?.file === r.file;
              return (
                <tr key={r.file} data-testid="recent-row" data-file={r.file} data-exists={r.exists}>
                  <td>
                    <code title={r.file}>{baseName(r.file)}</code>{' '}
                    {!r.exists ? <span className="badge badge-invalid">{t('recent.missing')}</span> : null}
                  </td>
                  <td>{r.accountName ?? r.subdomain ?? '—'}</td>
                  <td>{r.takenAt ? formatDateTime(r.takenAt, i18n.language) : '—'}</td>
                  <td>{formatDateTime(r.openedAt, i18n.language)}</td>
                  <td className="num">
                    <button type="button" className="btn btn-small btn-primary" disabled={!r.exists || isOpen || opener.pending} onClick={() => void opener.open(r.file)} data-testid="recent-open">
                      {t('common:actions.open')}
                    </button>{' '}
                    <button
                      type="button"
                      className="btn btn-small btn-ghost"
                      aria-label={t('recent.forget', { name: baseName(r.file) })}
                      onClick={async () => {
                        const result = await forget.run({ file: r.file });
                        if (result.ok) recent.reload();
                      }}
                      data-testid="recent-forget"
                    >
                      ✕
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

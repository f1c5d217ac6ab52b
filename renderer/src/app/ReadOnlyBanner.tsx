// runtime: browser
import { useTranslation } from 'react-i18next';
import { useAction, useSnapshot } from '../api/context';
import { ErrorNotice } from '../components/ErrorNotice';
import { useToast } from '../components/Toast';
import { baseName } from '../lib/format';

/**
 * Shown on every screen while the open file is locked read-only (it is not the user's own
 * working copy): why, and the one way to work on it, a working copy in the data folder.
 */
export function ReadOnlyBanner() {
  const { t } = useTranslation('desktop');
  const snapshot = useSnapshot();
  const copy = useAction('snapshot.workingCopy');
  const toast = useToast();
  const info = snapshot.info;
  if (!info?.locked) return null;
  return (
    <div className="notice notice-warning banner read-only-banner" role="status" data-testid="read-only-banner">
      <div className="notice-body">
        <strong>{t('readOnly.title', { name: baseName(info.file) })}</strong> {t('readOnly.body')}
      </div>
      <button
        type="button"
        className="btn btn-primary btn-small"
        disabled={copy.pending}
        aria-busy={copy.pending}
        data-testid="make-working-copy"
        onClick={async () => {
          const result = await copy.run({});
          if (!result.ok) return;
          snapshot.reload();
          toast.show({ kind: 'success', message: t('readOnly.copied', { name: baseName(result.value.file) }) });
        }}
      >
        {t('readOnly.makeCopy')}
      </button>
      <ErrorNotice error={copy.error} onDismiss={copy.clearError} compact />
    </div>
  );
}

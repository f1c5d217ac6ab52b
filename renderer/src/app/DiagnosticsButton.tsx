// runtime: browser
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../api/context';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorNotice } from '../components/ErrorNotice';
import { useToast } from '../components/Toast';

/**
 * "Copy diagnostics": asks the services for versions, OS, the last log lines and the
 * snapshot's metadata (already without tokens or personal data) and copies them; when the
 * clipboard is refused, shows the text to copy by hand.
 */
export function DiagnosticsButton() {
  const { t } = useTranslation('desktop');
  const toast = useToast();
  const diagnostics = useAction('app.diagnostics');
  const [manual, setManual] = useState<string | null>(null);

  const copy = async () => {
    const result = await diagnostics.run({});
    if (!result.ok) return;
    try {
      await navigator.clipboard.writeText(result.value.text);
      toast.show({ kind: 'success', message: t('diagnostics.copied') });
    } catch {
      setManual(result.value.text);
    }
  };

  return (
    <>
      <button type="button" className="btn btn-ghost btn-small" onClick={copy} disabled={diagnostics.pending} data-testid="copy-diagnostics" title={t('diagnostics.hint')}>
        {t('diagnostics.copy')}
      </button>
      {diagnostics.error ? (
        <div className="status-error">
          <ErrorNotice error={diagnostics.error} onDismiss={diagnostics.clearError} compact />
        </div>
      ) : null}
      <ConfirmDialog open={manual !== null} title={t('diagnostics.manualTitle')} confirmLabel={t('common:actions.close')} onConfirm={() => setManual(null)} onCancel={() => setManual(null)}>
        <p>{t('diagnostics.manualBody')}</p>
        <textarea className="diagnostics-text" readOnly rows={12} value={manual ?? ''} data-testid="diagnostics-text" onFocus={(e) => e.currentTarget.select()} />
      </ConfirmDialog>
    </>
  );
}

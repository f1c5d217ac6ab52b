// runtime: browser
import { useTranslation } from 'react-i18next';
import { useAction, useCall } from '../../api/context';
import { ErrorNotice } from '../../components/ErrorNotice';

/**
 * Linux without a keyring: AmoSweep refuses to keep tokens with safeStorage's fixed-key
 * fallback unless the user ticks this box (secrets.allowPlainText). Hidden everywhere else.
 */
export function KeyringNotice() {
  const { t } = useTranslation('desktop');
  const status = useCall('secrets.status', {});
  const allow = useAction('secrets.allowPlainText');
  const value = status.value;
  if (!value || (value.encryption !== 'basic_text' && value.encryption !== 'none')) return null;
  return (
    <section className="notice notice-warning" role="status" data-testid="keyring-notice">
      <div className="notice-body">
        <strong>{t('keyring.title')}</strong> {value.encryption === 'none' ? t('keyring.none') : t('keyring.basicText')}
        {value.encryption === 'basic_text' ? (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={value.plainTextAllowed}
              disabled={allow.pending}
              data-testid="keyring-allow"
              onChange={async (event) => {
                const result = await allow.run({ allow: event.target.checked });
                if (result.ok) status.reload();
              }}
            />{' '}
            {t('keyring.allow')}
          </label>
        ) : null}
      </div>
      <ErrorNotice error={allow.error} onDismiss={allow.clearError} compact />
    </section>
  );
}

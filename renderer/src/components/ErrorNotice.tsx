// runtime: browser
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api/result';
import { engineText } from '../lib/engine-text';

export interface ErrorNoticeProps {
  error: ApiError | null | undefined;
  onRetry?: () => void;
  onDismiss?: () => void;
  /**
   * A screen-specific explanation key per code, e.g. `{ AMO_AUTH: 'connect:errors.AMO_AUTH' }`;
   * codes not listed use `common:errors.<CODE>`.
   */
  hints?: Partial<Record<ApiError['code'], string>>;
  compact?: boolean;
}

/** Shows an ApiError: a localized explanation by code, the service's own message, and the code. */
export function ErrorNotice({ error, onRetry, onDismiss, hints, compact }: ErrorNoticeProps) {
  const { t } = useTranslation('common');
  if (!error) return null;
  const hintKey = hints?.[error.code] ?? `common:errors.${error.code}`;
  const explanation = t(hintKey, { defaultValue: t('errors.INTERNAL') });
  // the service's own message, worded in the UI's language when it carries a key
  const message = engineText(t, error, error.message);
  return (
    <div
      className={`notice notice-error${compact ? ' compact' : ''}`}
      role="alert"
      data-testid="error-notice"
      data-error-code={error.code}
    >
      <div className="notice-body">
        <strong>{explanation}</strong>
        {message && message !== explanation ? (
          <span className="notice-message" data-message-key={error.key}>
            {message}
          </span>
        ) : null}
        <code className="notice-code">{error.code}</code>
      </div>
      <div className="notice-actions">
        {onRetry ? (
          <button type="button" className="btn btn-small" onClick={onRetry}>
            {t('actions.retry')}
          </button>
        ) : null}
        {onDismiss ? (
          <button type="button" className="btn btn-small btn-ghost" onClick={onDismiss} aria-label={t('actions.dismiss')}>
            ✕
          </button>
        ) : null}
      </div>
    </div>
  );
}

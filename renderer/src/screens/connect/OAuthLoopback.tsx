// runtime: browser
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionInfo } from '../../../../shared/api/methods/snapshot';
import { useAction } from '../../api/context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useClearOnConnected } from './connect-state';

/**
 * "Sign in with amoCRM": AmoSweep listens on 127.0.0.1, opens amoCRM's consent page in the
 * system browser (or shows the link in the browser build) and connects when the browser
 * comes back. The integration's redirect URI must be the address shown (fix the port for it).
 */
export function OAuthLoopback({ onConnected, connectedCount }: { onConnected: (c: ConnectionInfo) => void; connectedCount: number }) {
  const { t } = useTranslation('desktop');
  const start = useAction('connect.oauthStart');
  const wait = useAction('connect.oauthWait');
  useClearOnConnected(connectedCount, start.clearError, wait.clearError);
  const cancel = useAction('connect.oauthCancel');
  const [form, setForm] = useState({ account: '', clientId: '', clientSecret: '', port: '' });
  const [flow, setFlow] = useState<{ flowId: string; authorizeUrl: string; redirectUri: string } | null>(null);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const port = Number(form.port);
    const started = await start.run({
      account: form.account.trim(),
      clientId: form.clientId.trim(),
      clientSecret: form.clientSecret.trim(),
      ...(form.port.trim() && Number.isInteger(port) ? { port } : {}),
    });
    if (!started.ok) return;
    setFlow(started.value);
    const result = await wait.run({ flowId: started.value.flowId });
    setFlow(null);
    if (result.ok) {
      setForm((f) => ({ ...f, clientSecret: '' }));
      onConnected(result.value);
    }
  };

  return (
    <section className="card" aria-labelledby="oauth-loopback-title" data-testid="oauth-loopback">
      <h2 id="oauth-loopback-title">{t('oauth.title')}</h2>
      <form className="form" onSubmit={submit} autoComplete="off">
        <p className="field-hint">{t('oauth.hint')}</p>
        <div className="field">
          <label htmlFor="oauth-lb-account">{t('oauth.account')}</label>
          <input id="oauth-lb-account" type="text" value={form.account} onChange={set('account')} required maxLength={255} spellCheck={false} />
        </div>
        <div className="form-row">
          <div className="field">
            <label htmlFor="oauth-lb-client">{t('oauth.clientId')}</label>
            <input id="oauth-lb-client" type="text" value={form.clientId} onChange={set('clientId')} required maxLength={255} spellCheck={false} />
          </div>
          <div className="field">
            <label htmlFor="oauth-lb-secret">{t('oauth.clientSecret')}</label>
            <input id="oauth-lb-secret" type="password" value={form.clientSecret} onChange={set('clientSecret')} required maxLength={1024} autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="oauth-lb-port">{t('oauth.port')}</label>
            <input id="oauth-lb-port" type="number" min={1024} max={65535} value={form.port} onChange={set('port')} placeholder={t('oauth.portAny')} aria-describedby="oauth-lb-port-hint" />
            <p id="oauth-lb-port-hint" className="field-hint">{t('oauth.portHint')}</p>
          </div>
        </div>
        {flow ? (
          <div className="notice" role="status" data-testid="oauth-waiting">
            <p>{t('oauth.waiting', { redirect: flow.redirectUri })}</p>
            <p>
              <a href={flow.authorizeUrl} target="_blank" rel="noreferrer noopener">
                {t('oauth.openLink')}
              </a>{' '}
              <button type="button" className="btn btn-small" onClick={() => void cancel.run({ flowId: flow.flowId })}>
                {t('common:actions.cancel')}
              </button>
            </p>
          </div>
        ) : null}
        <ErrorNotice error={start.error ?? wait.error} onDismiss={() => (start.clearError(), wait.clearError())} />
        <div>
          <button type="submit" className="btn btn-primary" disabled={start.pending || wait.pending} data-testid="oauth-loopback-submit">
            {t('oauth.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

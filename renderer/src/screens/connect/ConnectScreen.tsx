// runtime: browser
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionInfo } from '../../../../shared/api/methods/snapshot';
import type { ApiError } from '../../../../shared/api/result';
import { useAction, useCall } from '../../api/context';
import { useRoute } from '../../app/router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ScreenHeader } from '../../components/ScreenHeader';
import { useToast } from '../../components/Toast';
import { TableHead } from '../../components/TableHead';
import { descriptionKey, useClearOnConnected } from './connect-state';
import { KeyringNotice } from './KeyringNotice';
import { OAuthLoopback } from './OAuthLoopback';

/** Screen-specific explanations of connection errors (others fall back to common:errors.*). */
const CONNECT_HINTS: Partial<Record<ApiError['code'], string>> = {
  AMO_AUTH: 'connect:errors.AMO_AUTH',
  AMO_BLOCKED: 'connect:errors.AMO_BLOCKED',
  AMO_PAYMENT_REQUIRED: 'connect:errors.AMO_PAYMENT_REQUIRED',
  AMO_FORBIDDEN: 'connect:errors.AMO_FORBIDDEN',
  AMO_HTTP: 'connect:errors.AMO_HTTP',
  NETWORK: 'connect:errors.NETWORK',
  BAD_INPUT: 'connect:errors.BAD_INPUT',
};

export default function ConnectScreen() {
  const { t } = useTranslation('connect');
  const { navigate } = useRoute();
  const toast = useToast();
  const connections = useCall('connect.list', {});
  const secrets = useCall('secrets.status', {});
  /** Counts successful connections: every form clears its old error when any of them connects. */
  const [connectedCount, setConnectedCount] = useState(0);

  const onConnected = (connection: ConnectionInfo) => {
    setConnectedCount((n) => n + 1);
    connections.reload();
    toast.show({
      kind: 'success',
      message: t('connected', { account: connection.accountName ?? connection.subdomain }),
      action: { label: t('takeSnapshot'), onClick: () => navigate('snapshot', { connection: connection.id }) },
    });
  };

  return (
    <>
      <ScreenHeader title={t('title')} description={t(descriptionKey(secrets.value?.encryption))} />
      <KeyringNotice />
      <DemoCard onConnected={onConnected} connectedCount={connectedCount} />
      <div className="grid-2">
        <TokenForm onConnected={onConnected} connectedCount={connectedCount} />
        <OAuthForm onConnected={onConnected} connectedCount={connectedCount} />
      </div>
      <OAuthLoopback onConnected={onConnected} connectedCount={connectedCount} />
      <ConnectionList
        connections={connections.value ?? []}
        loading={connections.status === 'loading' && !connections.value}
        error={connections.status === 'error' ? connections.error : null}
        onReload={connections.reload}
      />
    </>
  );
}

interface FormProps {
  onConnected: (c: ConnectionInfo) => void;
  /** Changes when any form connects: a form's error from before is stale then. */
  connectedCount: number;
}

function DemoCard({ onConnected, connectedCount }: FormProps) {
  const { t } = useTranslation('connect');
  const demo = useAction('connect.demo');
  useClearOnConnected(connectedCount, demo.clearError);
  return (
    <section className="card demo-card" aria-labelledby="demo-title">
      <div>
        <h2 id="demo-title">{t('demo.title')}</h2>
        <p>{t('demo.description')}</p>
      </div>
      <button
        type="button"
        className="btn btn-primary btn-large"
        data-testid="connect-demo"
        disabled={demo.pending}
        aria-busy={demo.pending}
        onClick={async () => {
          const result = await demo.run({});
          if (result.ok) onConnected(result.value);
        }}
      >
        {demo.pending ? t('demo.starting') : t('demo.button')}
      </button>
      {demo.error ? (
        <div style={{ flexBasis: '100%' }}>
          <ErrorNotice error={demo.error} onDismiss={demo.clearError} hints={CONNECT_HINTS} />
        </div>
      ) : null}
    </section>
  );
}

function TokenForm({ onConnected, connectedCount }: FormProps) {
  const { t } = useTranslation('connect');
  const connect = useAction('connect.token');
  useClearOnConnected(connectedCount, connect.clearError);
  const [account, setAccount] = useState('');
  const [token, setToken] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await connect.run({ account: account.trim(), token: token.trim() });
    if (result.ok) {
      setToken(''); // the token is never shown or kept in the renderer after use
      onConnected(result.value);
    }
  };

  return (
    <section className="card" aria-labelledby="token-title">
      <h2 id="token-title">{t('token.title')}</h2>
      <form className="form" onSubmit={submit} data-testid="token-form" autoComplete="off">
        <div className="field">
          <label htmlFor="token-account">{t('fields.account')}</label>
          <input
            id="token-account"
            type="text"
            value={account}
            onChange={(e) => setAccount(e.target.value)}
            placeholder={t('fields.accountPlaceholder')}
            required
            maxLength={255}
            spellCheck={false}
            aria-describedby="token-account-hint"
            data-testid="token-account"
          />
          <p id="token-account-hint" className="field-hint">{t('fields.accountHint')}</p>
        </div>
        <div className="field">
          <label htmlFor="token-value">{t('fields.token')}</label>
          <input
            id="token-value"
            type="password"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            required
            minLength={10}
            maxLength={8192}
            autoComplete="off"
            spellCheck={false}
            aria-describedby="token-value-hint"
            data-testid="token-value"
          />
          <p id="token-value-hint" className="field-hint">{t('fields.tokenHint')}</p>
        </div>
        <ErrorNotice error={connect.error} onDismiss={connect.clearError} hints={CONNECT_HINTS} />
        <div>
          <button type="submit" className="btn btn-primary" disabled={connect.pending} aria-busy={connect.pending} data-testid="token-submit">
            {connect.pending ? t('connecting') : t('token.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function OAuthForm({ onConnected, connectedCount }: FormProps) {
  const { t } = useTranslation('connect');
  const connect = useAction('connect.oauth');
  useClearOnConnected(connectedCount, connect.clearError);
  const [form, setForm] = useState({ account: '', clientId: '', clientSecret: '', code: '', redirectUri: '' });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await connect.run({
      account: form.account.trim(),
      clientId: form.clientId.trim(),
      clientSecret: form.clientSecret.trim(),
      code: form.code.trim(),
      redirectUri: form.redirectUri.trim(),
    });
    if (result.ok) {
      setForm((f) => ({ ...f, clientSecret: '', code: '' }));
      onConnected(result.value);
    }
  };

  return (
    <section className="card" aria-labelledby="oauth-title">
      <h2 id="oauth-title">{t('oauth.title')}</h2>
      <form className="form" onSubmit={submit} data-testid="oauth-form" autoComplete="off">
        <p className="field-hint">{t('oauth.hint')}</p>
        <div className="field">
          <label htmlFor="oauth-account">{t('fields.account')}</label>
          <input id="oauth-account" type="text" value={form.account} onChange={set('account')} placeholder={t('fields.accountPlaceholder')} required maxLength={255} spellCheck={false} />
        </div>
        <div className="form-row">
          <div className="field">
            <label htmlFor="oauth-client-id">{t('fields.clientId')}</label>
            <input id="oauth-client-id" type="text" value={form.clientId} onChange={set('clientId')} required maxLength={255} spellCheck={false} />
          </div>
          <div className="field">
            <label htmlFor="oauth-client-secret">{t('fields.clientSecret')}</label>
            <input id="oauth-client-secret" type="password" value={form.clientSecret} onChange={set('clientSecret')} required maxLength={1024} autoComplete="off" />
          </div>
        </div>
        <div className="field">
          <label htmlFor="oauth-code">{t('fields.code')}</label>
          <input id="oauth-code" type="password" value={form.code} onChange={set('code')} required maxLength={8192} autoComplete="off" aria-describedby="oauth-code-hint" />
          <p id="oauth-code-hint" className="field-hint">{t('fields.codeHint')}</p>
        </div>
        <div className="field">
          <label htmlFor="oauth-redirect">{t('fields.redirectUri')}</label>
          <input id="oauth-redirect" type="url" value={form.redirectUri} onChange={set('redirectUri')} placeholder="https://" required maxLength={2048} spellCheck={false} />
        </div>
        <ErrorNotice error={connect.error} onDismiss={connect.clearError} hints={CONNECT_HINTS} />
        <div>
          <button type="submit" className="btn btn-primary" disabled={connect.pending} aria-busy={connect.pending} data-testid="oauth-submit">
            {connect.pending ? t('connecting') : t('oauth.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function ConnectionList({
  connections,
  loading,
  error,
  onReload,
}: {
  connections: ConnectionInfo[];
  loading: boolean;
  error: ApiError | null;
  onReload: () => void;
}) {
  const { t } = useTranslation('connect');
  const { navigate } = useRoute();
  const forget = useAction('connect.forget');
  const [confirm, setConfirm] = useState<ConnectionInfo | null>(null);

  return (
    <section className="card" aria-labelledby="connections-title" data-testid="connections">
      <h2 id="connections-title">{t('list.title')}</h2>
      <ErrorNotice error={error} onRetry={onReload} />
      <ErrorNotice error={forget.error} onDismiss={forget.clearError} />
      {loading ? (
        <p className="muted" role="status">{t('common:loading')}</p>
      ) : connections.length === 0 ? (
        <EmptyState title={t('list.empty')} description={t('list.emptyHint')} testId="connections-empty" />
      ) : (
        <table className="plain">
          <TableHead columns={[t('list.account'), t('list.address'), t('list.auth'), { label: t('list.actions'), hidden: true }]} />
          <tbody>
            {connections.map((c) => (
              <tr key={c.id} data-testid="connection-row" data-connection-id={c.id}>
                <td>
                  <strong>{c.accountName ?? c.subdomain}</strong> {c.isDemo ? <span className="badge">{t('list.demo')}</span> : null}
                  {c.usersReadable === false ? (
                    <p className="notice notice-warning" role="note" data-testid="connection-no-admin">
                      {t('list.noAdmin')}
                    </p>
                  ) : null}
                </td>
                <td><code>{c.baseUrl}</code></td>
                <td>{t(`auth.${c.auth}`)}</td>
                <td className="num">
                  <button type="button" className="btn btn-small" onClick={() => navigate('snapshot', { connection: c.id })} data-testid="connection-snapshot">
                    {t('takeSnapshot')}
                  </button>{' '}
                  <button type="button" className="btn btn-small btn-danger" onClick={() => setConfirm(c)} data-testid="connection-forget">
                    {t('common:actions.forget')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ConfirmDialog
        open={confirm !== null}
        danger
        title={t('list.forgetTitle', { account: confirm?.accountName ?? confirm?.subdomain ?? '' })}
        confirmLabel={t('common:actions.forget')}
        onCancel={() => setConfirm(null)}
        onConfirm={async () => {
          const target = confirm;
          setConfirm(null);
          if (!target) return;
          const result = await forget.run({ connectionId: target.id });
          if (result.ok) onReload();
        }}
      >
        <p>{t('list.forgetBody')}</p>
      </ConfirmDialog>
    </section>
  );
}

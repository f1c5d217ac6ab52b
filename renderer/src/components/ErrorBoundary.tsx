// runtime: browser
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { reportRendererError } from '../api/error-report';

interface Props {
  children: ReactNode;
  /** Changing it (e.g. the screen id) clears a caught error. */
  resetKey?: unknown;
}

interface State {
  error: Error | null;
}

/** Catches a render error in one screen so the rest of the app keeps working; offers a retry. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('screen crashed', error, info.componentStack);
    reportRendererError(error, 'boundary');
  }

  override componentDidUpdate(prev: Props): void {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override render(): ReactNode {
    if (this.state.error) {
      return <CrashNotice error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    }
    return this.props.children;
  }
}

function CrashNotice({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useTranslation('common');
  return (
    <div className="notice notice-error crash" role="alert" data-testid="error-boundary">
      <h2>{t('crash.title')}</h2>
      <p>{t('crash.body')}</p>
      <details>
        <summary>{t('crash.details')}</summary>
        <pre className="pre-wrap">{error.message}</pre>
      </details>
      <button type="button" className="btn btn-primary" onClick={onRetry} data-testid="error-retry">
        {t('actions.retry')}
      </button>
    </div>
  );
}

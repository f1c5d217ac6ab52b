// runtime: browser
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/context';
import { installErrorReporting } from './api/error-report';
import { createApiClient } from './api/select-client';
import { App } from './app/App';
import { initI18n } from './i18n';
import './styles.css';

// Read the bridge token (and scrub it from the address bar) before anything renders.
const api = createApiClient();
installErrorReporting(api);
initI18n();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ApiProvider api={api}>
        <App />
      </ApiProvider>
    </StrictMode>,
  );
}

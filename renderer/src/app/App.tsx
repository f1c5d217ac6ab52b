// runtime: browser
import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { ToastProvider } from '../components/Toast';
import { SCREENS } from '../screens/registry';
import { FileDrop } from './FileDrop';
import { useScreenHotkeys } from './hotkeys';
import { LanguageSwitch } from './LanguageSwitch';
import { Nav, panelId, tabId } from './Nav';
import { ReadOnlyBanner } from './ReadOnlyBanner';
import { RouterProvider, useRoute } from './router';
import { StatusBar } from './StatusBar';

export function App() {
  return (
    <RouterProvider>
      <ToastProvider>
        <Shell />
      </ToastProvider>
    </RouterProvider>
  );
}

function Shell() {
  const { t } = useTranslation('common');
  const api = useApi();
  const { screen, navigate } = useRoute();
  useScreenHotkeys(navigate);
  const def = SCREENS.find((s) => s.id === screen) ?? SCREENS[0];
  const panelRef = useRef<HTMLElement>(null);

  useEffect(() => {
    document.title = `${t(`nav.${screen}`)} · AmoSweep`;
  }, [screen, t]);

  if (!def) return null;
  const { Component } = def;
  return (
    <div className="app">
      <a className="skip-link" href={`#${panelId(def.id)}`} onClick={(event) => {
        event.preventDefault();
        panelRef.current?.focus();
      }}>
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <div className="brand" aria-hidden="true">
          <span className="brand-mark">◆</span> AmoSweep
        </div>
        <Nav />
        <LanguageSwitch />
      </header>
      {api.transport === 'http' && !api.hasToken ? (
        <div className="notice notice-warning banner" role="alert" data-testid="no-token">
          {t('bridge.noToken')}
        </div>
      ) : null}
      <ReadOnlyBanner />
      <FileDrop />
      <main
        ref={panelRef}
        className="screen"
        role="tabpanel"
        id={panelId(def.id)}
        aria-labelledby={tabId(def.id)}
        data-screen={def.id}
        tabIndex={-1}
      >
        <ErrorBoundary resetKey={def.id}>
          <Suspense fallback={<div className="loading" role="status">{t('loading')}</div>}>
            <Component />
          </Suspense>
        </ErrorBoundary>
      </main>
      <StatusBar />
    </div>
  );
}

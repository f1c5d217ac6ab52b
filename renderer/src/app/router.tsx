// runtime: browser
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatRoute, parseRoute } from '../lib/route';
import { DEFAULT_SCREEN, isScreenId, type ScreenId } from '../screens/registry';

export type RouteParams = Record<string, string | number | null | undefined>;

interface RouterValue {
  screen: ScreenId;
  params: Record<string, string>;
  /** Go to a screen, optionally with parameters (kept in the URL hash, so reload and back work). */
  navigate: (screen: ScreenId, params?: RouteParams) => void;
  /** Change the current screen's parameters without a new history entry. */
  setParams: (params: RouteParams) => void;
}

const RouterContext = createContext<RouterValue | null>(null);

function current(): { screen: ScreenId; params: Record<string, string> } {
  const route = parseRoute(window.location.hash);
  return isScreenId(route.screen) ? { screen: route.screen, params: route.params } : { screen: DEFAULT_SCREEN, params: {} };
}

export function RouterProvider({ children }: { children: ReactNode }) {
  const [route, setRoute] = useState(current);

  useEffect(() => {
    const onHash = () => setRoute(current());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const navigate = useCallback((screen: ScreenId, params: RouteParams = {}) => {
    const hash = formatRoute(screen, params);
    if (window.location.hash !== hash) window.location.hash = hash;
    else setRoute(current());
  }, []);

  const setParams = useCallback((params: RouteParams) => {
    const { screen } = current();
    window.history.replaceState(window.history.state, '', formatRoute(screen, params));
    setRoute(current());
  }, []);

  const value = useMemo(() => ({ ...route, navigate, setParams }), [route, navigate, setParams]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRoute(): RouterValue {
  const ctx = useContext(RouterContext);
  if (!ctx) throw new Error('useRoute() outside <RouterProvider>');
  return ctx;
}

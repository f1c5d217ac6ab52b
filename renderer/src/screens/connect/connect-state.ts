// runtime: browser
import { useEffect } from 'react';

/** Where tokens are kept, as this transport's secret store says: the OS keychain, or memory only (browser build, CLI). */
export function descriptionKey(encryption: string | undefined): 'description' | 'descriptionMemory' | 'descriptionNoKeyring' {
  if (encryption === 'memory') return 'descriptionMemory';
  if (encryption === 'basic_text' || encryption === 'none') return 'descriptionNoKeyring';
  return 'description';
}

/** Clears an action's error once another connection succeeded (not on the first render). */
export function useClearOnConnected(connectedCount: number, ...clear: Array<() => void>): void {
  useEffect(() => {
    if (connectedCount > 0) for (const c of clear) c();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the clear functions are stable (useCallback)
  }, [connectedCount]);
}


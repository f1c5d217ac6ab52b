// runtime: browser
/**
 * The HTTP bridge opens the page at `http://127.0.0.1:PORT/#token=TOKEN`. The token is read
 * once from the hash, kept in sessionStorage for reloads, and removed from the address bar.
 */
export const TOKEN_STORAGE_KEY = 'amosweep.bridgeToken';

export interface HashToken {
  token: string | null;
  /** The hash without the token part ('' when nothing else was there), e.g. '#/browse'. */
  rest: string;
}

/** Finds `token=...` in a hash such as `#token=abc`, `#/browse&token=abc` or `#token=abc&x=1`. */
export function extractToken(hash: string): HashToken {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!body) return { token: null, rest: '' };
  let token: string | null = null;
  const kept: string[] = [];
  for (const part of body.split('&')) {
    if (part.startsWith('token=')) {
      const value = safeDecode(part.slice('token='.length)).trim();
      if (value) token = value;
    } else if (part) {
      kept.push(part);
    }
  }
  return { token, rest: kept.length ? `#${kept.join('&')}` : '' };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export interface TokenEnv {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
}

/** Reads the token from the hash (then scrubs it from the address bar) or from sessionStorage. */
export function takeBridgeToken(env: TokenEnv): string | null {
  const { token, rest } = extractToken(env.location.hash);
  if (token) {
    try {
      env.storage?.setItem(TOKEN_STORAGE_KEY, token);
    } catch {
      // storage may be disabled; the token still lives in memory for this page
    }
    env.history.replaceState(env.history.state, '', `${env.location.pathname}${env.location.search}${rest}`);
    return token;
  }
  try {
    return env.storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

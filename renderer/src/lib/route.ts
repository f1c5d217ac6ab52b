// runtime: browser
/**
 * Hash routes: `#/<screen>` or `#/<screen>?key=value&...` (works from file:// and over the bridge).
 */
export interface Route {
  screen: string;
  params: Record<string, string>;
}

export function parseRoute(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = body.split('?', 2);
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query)) params[key] = value;
  return { screen: decodeURIComponent(path.split('/')[0] ?? ''), params };
}

export function formatRoute(screen: string, params: Record<string, string | number | null | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') query.set(key, String(value));
  }
  const qs = query.toString();
  return `#/${encodeURIComponent(screen)}${qs ? `?${qs}` : ''}`;
}

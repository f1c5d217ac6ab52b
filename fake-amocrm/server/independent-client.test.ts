// runtime: node
/**
 * An independent client written from the amoCRM docs (docs/amocrm-api.md §2–§4, §21),
 * deliberately not AmoSweep's client: plain fetch, Bearer token, follow _links.next,
 * treat 204 as "no rows", back off on 429, stop on a 403 HTML page.
 */
import { describe, expect, it } from 'vitest';
import { sampleFixtures } from './sample-fixtures';
import { useFakeServer } from './test-server';

const fake = useFakeServer({ fixtures: sampleFixtures({ contacts: 23 }) }, { resetEachTest: false });

interface HalPage {
  _page: number;
  _links: { self: { href: string }; next?: { href: string } };
  _embedded: { contacts: { id: number }[] };
}

async function fetchAllContacts(baseUrl: string, token: string, query: string): Promise<{ ids: number[]; pages: number }> {
  const ids: number[] = [];
  let pages = 0;
  let url: string | undefined = `${baseUrl}/api/v4/contacts?${query}`;
  while (url) {
    const res: Response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    if (res.status === 204) break; // empty result
    if (res.status !== 200) throw new Error(`unexpected ${res.status}`);
    expect(res.headers.get('content-type')).toContain('application/hal+json');
    const page = (await res.json()) as HalPage;
    pages++;
    for (const c of page._embedded.contacts) ids.push(c.id);
    url = page._links.next?.href;
  }
  return { ids, pages };
}

describe('an independent client written from the docs', () => {
  it('pages through every contact by _links.next', async () => {
    const { ids, pages } = await fetchAllContacts(fake.server.url, fake.server.token, 'limit=5');
    expect(ids).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(pages).toBe(5);
  });

  it('pages in updated_at order and gets the same set', async () => {
    const { ids } = await fetchAllContacts(fake.server.url, fake.server.token, 'limit=7&order[updated_at]=asc');
    expect(ids).toEqual(Array.from({ length: 23 }, (_, i) => 23 - i));
  });

  it('handles a 204 for an empty result', async () => {
    const { ids, pages } = await fetchAllContacts(fake.server.url, fake.server.token, 'query=nobody-has-this');
    expect(ids).toEqual([]);
    expect(pages).toBe(0);
  });

  it('gets 429 above 7 rps, is banned with a 403 HTML page after N 429s, and /__fake/unban restores access', async () => {
    await fetch(`${fake.server.url}/__fake/config`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rps: 7, accountRps: 50, banAfter: 5 }) });
    // a client that ignores the limit: requests back to back until the server stops it
    const statuses: number[] = [];
    let firstHtml429 = '';
    for (let i = 0; i < 500; i++) {
      const r = await fetch(`${fake.server.url}/api/v4/contacts?limit=1`, { headers: { Authorization: `Bearer ${fake.server.token}` } });
      const text = await r.text();
      statuses.push(r.status);
      if (r.status === 429 && !firstHtml429) firstHtml429 = text;
      if (r.status === 403) break;
    }
    const first429 = statuses.indexOf(429);
    const first403 = statuses.indexOf(403);
    expect(first429).toBeGreaterThanOrEqual(7); // the bucket holds 7
    expect(statuses.slice(0, 7).every((s) => s === 200)).toBe(true);
    expect(firstHtml429).toContain('429 Too Many Requests');
    expect(first403).toBeGreaterThan(first429);
    // banned exactly after the 5th 429
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    // 5 or more 429s: the ban is on; every request (even OAuth) is 403 with an nginx page
    const banned = await fetch(`${fake.server.url}/api/v4/account`, { headers: { Authorization: `Bearer ${fake.server.token}` } });
    expect(banned.status).toBe(403);
    expect(banned.headers.get('content-type')).toContain('text/html');
    expect(await banned.text()).toMatch(/403 Forbidden[\s\S]*nginx/);
    const oauth = await fetch(`${fake.server.url}/oauth2/access_token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(oauth.status).toBe(403);
    const stats = (await (await fetch(`${fake.server.url}/__fake/stats`)).json()) as { rejected429: number; rejected403: number; maxRequestsPerSecond: number };
    expect(stats.rejected429).toBe(5);
    expect(stats.rejected403).toBeGreaterThanOrEqual(2);
    expect(stats.maxRequestsPerSecond).toBeGreaterThanOrEqual(8);
    const unban = await fetch(`${fake.server.url}/__fake/unban`, { method: 'POST' });
    expect(unban.status).toBe(200);
    await fetch(`${fake.server.url}/__fake/config`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rps: 0, accountRps: 0 }) });
    const again = await fetch(`${fake.server.url}/api/v4/account`, { headers: { Authorization: `Bearer ${fake.server.token}` } });
    expect(again.status).toBe(200);
  });
});

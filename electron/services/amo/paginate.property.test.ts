// runtime: node
/**
 * Property test (issue 12): the client's list reader gets random variations of real HAL list
 * envelopes (doc §5: `_page`, `_links.self/next`, `_embedded.<key>`) with extra keys, nulls and
 * numbers as strings, and reads every item without throwing. Seeded (shared/random).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/random/seeded';
import { createAmoClient } from './client';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

function envelope(rand: () => number, base: string, page: number, pages: number, items: unknown[]): Record<string, unknown> {
  const maybe = <T>(v: T, alt: unknown): unknown => (rand() < 0.15 ? alt : v);
  const links: Record<string, unknown> = { self: maybe({ href: `${base}/api/v4/contacts?page=${page}&limit=3` }, null) };
  if (page < pages) links.next = { href: `${base}/api/v4/contacts?page=${page + 1}&limit=3` };
  if (page > 1) links.prev = maybe({ href: `${base}/api/v4/contacts?page=${page - 1}&limit=3` }, null);
  const env: Record<string, unknown> = { _page: maybe(page, rand() < 0.5 ? String(page) : null), _links: links, _embedded: { contacts: items } };
  if (rand() < 0.3) env[`_x_${Math.floor(rand() * 100)}`] = rand() < 0.5 ? null : { total: '12' };
  if (rand() < 0.2) env._total_items = String(items.length);
  if (rand() < 0.2) (env._embedded as Record<string, unknown>).tags = null;
  return env;
}

describe('paginate reads varied real list envelopes', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`seed ${seed}`, async () => {
      const rand = seededRandom(seed);
      const pages = 1 + Math.floor(rand() * 4);
      let base = '';
      const server = http.createServer((req, res) => {
        const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page') ?? '1');
        const items = [0, 1, 2].map((i) => ({ id: rand() < 0.2 ? String(page * 10 + i) : page * 10 + i, name: rand() < 0.2 ? null : `К ${i}`, custom_fields_values: rand() < 0.3 ? null : [] }));
        res.writeHead(200, { 'Content-Type': 'application/hal+json' }).end(JSON.stringify(envelope(rand, base, page, pages, items)));
      });
      servers.push(server);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const client = createAmoClient({ baseUrl: base, auth: { kind: 'long-lived', getToken: () => 'token-123456' }, unlimited: true });
      const seen: unknown[] = [];
      for await (const p of client.paginate<{ id: unknown }>('/api/v4/contacts', 'contacts', { limit: 3 })) seen.push(...p.items.map((i) => i.id));
      expect(seen.length).toBe(pages * 3);
    });
  }

  it('a null list is an empty page, not an error', async () => {
    const server = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/hal+json' }).end(JSON.stringify({ _page: 1, _links: null, _embedded: { contacts: null } })));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const client = createAmoClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, auth: { kind: 'long-lived', getToken: () => 'token-123456' }, unlimited: true });
    const pages = [];
    for await (const p of client.paginate('/api/v4/contacts', 'contacts')) pages.push(p.items.length);
    expect(pages).toEqual([0]);
  });
});

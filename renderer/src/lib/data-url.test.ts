// runtime: browser
import { describe, expect, it } from 'vitest';
import { dataUrlToBlob } from './data-url';

describe('dataUrlToBlob', () => {
  it('decodes base64 and percent-encoded data: URLs with their type, without fetch', async () => {
    const html = '<p>Отчёт 1,8 %</p>';
    const b64 = `data:text/html;charset=utf-8;base64,${btoa(String.fromCharCode(...new TextEncoder().encode(html)))}`;
    const blob = dataUrlToBlob(b64);
    expect(blob.type).toBe('text/html;charset=utf-8');
    expect(await blob.text()).toBe(html);
    expect(await dataUrlToBlob(`data:text/csv,${encodeURIComponent('a,б\n')}`).text()).toBe('a,б\n');
    expect(() => dataUrlToBlob('https://example.com/x')).toThrow(/not a data: URL/);
  });
});

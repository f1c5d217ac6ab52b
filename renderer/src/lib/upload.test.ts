// runtime: browser
import { describe, expect, it, vi } from 'vitest';
import { UPLOAD_CHUNK_BYTES } from '../../../shared/api/methods/files';
import { isSnapshotName, toBase64, uploadFile, type BlobLike } from './upload';

const blob = (bytes: Uint8Array, name = 'a.amosweep'): BlobLike => ({
  name,
  size: bytes.length,
  slice: (start, end) => ({ arrayBuffer: async () => bytes.slice(start, end).buffer }),
});

describe('uploadFile', () => {
  it('sends the file in ordered chunks and answers the received path', async () => {
    const bytes = new Uint8Array(UPLOAD_CHUNK_BYTES * 2 + 10).map((_, i) => i % 251);
    const received: Uint8Array[] = [];
    const call = vi.fn(async (_method: string, input: { offset: number; data: string; done: boolean; uploadId?: string }) => {
      received.push(Uint8Array.from(atob(input.data), (c) => c.charCodeAt(0)));
      return { ok: true as const, value: { uploadId: 'abcdef12', received: 0, ...(input.done ? { file: '/data/received/a.amosweep' } : {}) } };
    });
    const progress: number[] = [];
    const result = await uploadFile({ call } as never, blob(bytes), (f) => progress.push(f));
    expect(result).toEqual({ ok: true, value: { file: '/data/received/a.amosweep' } });
    expect(call.mock.calls.map((c) => [c[1].offset, c[1].done, c[1].uploadId])).toEqual([
      [0, false, undefined],
      [UPLOAD_CHUNK_BYTES, false, 'abcdef12'],
      [UPLOAD_CHUNK_BYTES * 2, true, 'abcdef12'],
    ]);
    const joined = new Uint8Array(received.reduce((n, r) => n + r.length, 0));
    received.reduce((at, r) => (joined.set(r, at), at + r.length), 0);
    expect(joined.length).toBe(bytes.length);
    expect(joined.every((b, i) => b === bytes[i])).toBe(true);
    expect(progress.at(-1)).toBe(1);
  });

  it('stops at the first refused chunk', async () => {
    const call = vi.fn(async () => ({ ok: false as const, error: { code: 'SNAPSHOT_INVALID' as const, message: 'not a snapshot' } }));
    expect(await uploadFile({ call } as never, blob(new Uint8Array(10)))).toMatchObject({ ok: false, error: { code: 'SNAPSHOT_INVALID' } });
    expect(call).toHaveBeenCalledTimes(1);
  });

  it('encodes base64 like Node and recognises snapshot names', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
    const back = Uint8Array.from(atob(toBase64(bytes)), (c) => c.charCodeAt(0));
    expect(back.length === bytes.length && back.every((b, i) => b === bytes[i])).toBe(true);
    expect(toBase64(new Uint8Array([0, 255, 16]))).toBe('AP8Q');
    expect(isSnapshotName('X.AMOSWEEP')).toBe(true);
    expect(isSnapshotName('x.sqlite')).toBe(false);
  });
});

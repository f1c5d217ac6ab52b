// runtime: browser
/**
 * Sends a dropped File to the services in chunks (files.upload): the browser build cannot
 * give the services a path, so the bytes go into <data>/received/ and open read-only there.
 */
import type { ApiClient } from '../../../shared/api/contract';
import { UPLOAD_CHUNK_BYTES } from '../../../shared/api/methods/files';
import type { Result } from '../../../shared/api/result';

/** The part of a File this module uses. */
export interface BlobLike {
  readonly name: string;
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function uploadFile(
  api: Pick<ApiClient, 'call'>,
  file: BlobLike,
  onProgress: (fraction: number) => void = () => undefined,
): Promise<Result<{ file: string }>> {
  let uploadId: string | undefined;
  for (let offset = 0; ; offset += UPLOAD_CHUNK_BYTES) {
    const end = Math.min(offset + UPLOAD_CHUNK_BYTES, file.size);
    const bytes = new Uint8Array(await file.slice(offset, end).arrayBuffer());
    const done = end >= file.size;
    const result = await api.call('files.upload', { ...(uploadId ? { uploadId } : {}), name: file.name, offset, data: toBase64(bytes), done });
    if (!result.ok) return result;
    uploadId = result.value.uploadId;
    onProgress(file.size === 0 ? 1 : end / file.size);
    if (done) {
      return result.value.file
        ? { ok: true, value: { file: result.value.file } }
        : { ok: false, error: { code: 'INTERNAL', message: 'The upload finished without a file.' } };
    }
  }
}

export const isSnapshotName = (name: string): boolean => name.toLowerCase().endsWith('.amosweep');

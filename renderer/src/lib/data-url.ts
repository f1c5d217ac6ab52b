// runtime: browser
/**
 * A data: URL (base64 or percent-encoded) as a Blob, decoded in the page: fetch(data:) is refused
 * by the app's Content-Security-Policy (connect-src 'self'), so it is never used for this.
 */
export function dataUrlToBlob(dataUrl: string): Blob {
  const m = /^data:([^,]*?)(;base64)?,(.*)$/s.exec(dataUrl);
  if (!m) throw new Error('not a data: URL');
  const type = m[1] || 'application/octet-stream';
  if (m[2]) {
    const text = atob(m[3]!);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return new Blob([bytes], { type });
  }
  return new Blob([decodeURIComponent(m[3]!)], { type });
}

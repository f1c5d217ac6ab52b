// runtime: node
/**
 * The Content-Security-Policy and security headers of the app's pages. The web bridge
 * sends them with every response and Electron main adds the same CSP to every response
 * its window loads, so both transports run the renderer under one policy.
 */
export const CONTENT_SECURITY_POLICY = [
  // the policy of the <meta> in renderer/index.html (inline styles only; never inline scripts),
  // plus frame-ancestors, which only works as a header (server.test.ts checks they agree)
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

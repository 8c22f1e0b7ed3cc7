/**
 * The renderer's Content-Security-Policy, sent as a header by both the app:// protocol and the
 * browser-mode server (renderer/index.html carries the same policy in a meta tag as a backstop).
 * No inline or remote scripts; the page talks to its own origin only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

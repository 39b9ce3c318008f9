/**
 * The field app's Content-Security-Policy and companion headers, one definition for
 * `tanfang serve` and CloudFront's response headers policy. No `unsafe-inline` anywhere: the
 * build emits no inline script or style (Vue and Vant set styles through the CSSOM, which CSP
 * allows), and fonts and icons are bundled, so nothing leaves the origin but the API calls and,
 * with OIDC sign-in, the issuer's token endpoint.
 */
export function contentSecurityPolicy(connectSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...connectSources].join(' ')}`,
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** The headers every page and asset gets (CloudFront sets the same through its policy). */
export function securityHeaders(connectSources: readonly string[] = []): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(connectSources),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    // Geolocation is the one powerful feature the app uses (the visit's location).
    'permissions-policy': 'geolocation=(self), camera=(), microphone=(), payment=()',
  };
}

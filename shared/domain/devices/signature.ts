/**
 * How a device platform signs an alarm request (HMAC-SHA256 with its own key, over the platform
 * id, a Unix timestamp and the exact body bytes), as pure text rules; the HMAC itself is an
 * adapter's (node:crypto). The timestamp bounds a replay to the tolerance, and a signature is
 * spent once, so a request captured and sent again is refused.
 */
export const SIGNATURE_SCHEME = 'v1';

export const DEVICE_HEADERS = {
  platform: 'x-tanfang-platform',
  timestamp: 'x-tanfang-timestamp',
  signature: 'x-tanfang-signature',
} as const;

/** The text signed: `v1\n<platform>\n<timestamp>\n<body>` (the body exactly as sent). */
export function signingText(platformId: string, timestamp: string, body: string): string {
  return `${SIGNATURE_SCHEME}\n${platformId}\n${timestamp}\n${body}`;
}

/** Why a request's signing headers cannot be believed, before any key is used; undefined when they are well-formed and timely. */
export function signatureHeaderProblem(headers: { platform?: string | undefined; timestamp?: string | undefined; signature?: string | undefined }, nowMs: number, toleranceSeconds: number): string | undefined {
  if (!headers.platform || !/^[A-Za-z0-9_-]{1,64}$/.test(headers.platform)) return `${DEVICE_HEADERS.platform} must name the platform (1–64 letters, digits, _ or -)`;
  if (!headers.timestamp || !/^\d{10}$/.test(headers.timestamp)) return `${DEVICE_HEADERS.timestamp} must be the Unix time in seconds (10 digits)`;
  if (!headers.signature || !/^v1=[0-9a-f]{64}$/.test(headers.signature)) return `${DEVICE_HEADERS.signature} must be v1=<64 lower-case hex digits of HMAC-SHA256>`;
  const skew = Math.abs(nowMs / 1000 - Number(headers.timestamp));
  if (skew > toleranceSeconds) return `${DEVICE_HEADERS.timestamp} is ${Math.round(skew)} s from our clock (at most ${toleranceSeconds} s): a late or replayed request is refused; sign each request when it is sent`;
  return undefined;
}

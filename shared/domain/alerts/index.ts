import { ValidationError } from '../validation';
import type { WeatherAlert } from './alert';
import { checkAlertSize, parseCapAlert } from './cap';
import { parseJsonAlert } from './json';

export * from './alert';
export { CAP_NAMESPACE, MAX_ALERT_BYTES, NATIONAL_EVENT_CODES, parseCapAlert } from './cap';
export { parseJsonAlert } from './json';

/**
 * A warning in either form, as it arrives over HTTP or from a file: CAP 1.2 when the content
 * type names XML (application/cap+xml, application/xml, text/xml) or the body starts with '<',
 * otherwise the JSON form. Sniffing the first character lets senders that label everything
 * application/octet-stream still be read.
 */
export function parseAlert(body: string, contentType?: string): WeatherAlert {
  if (/xml/i.test(contentType ?? '') || body.trimStart().startsWith('<')) return parseCapAlert(body);
  checkAlertSize(body, 'weather alert');
  let json: unknown;
  try {
    json = JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ValidationError('weather alert', [{ field: '(body)', rule: `neither CAP XML nor JSON: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  return parseJsonAlert(json);
}

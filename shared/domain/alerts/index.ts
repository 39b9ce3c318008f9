import { parseAlertBody } from './cap';
import { parseJsonAlert } from './json';
import type { WeatherAlert } from './alert';

export * from './alert';
export { CAP_NAMESPACE, MAX_ALERT_BYTES, parseCapAlert } from './cap';
export { parseJsonAlert } from './json';

/** A warning in CAP 1.2 XML or the JSON form, by content type or first character. */
export function parseAlert(body: string, contentType?: string): WeatherAlert {
  const parsed = parseAlertBody(body, contentType);
  return parsed.xml ? parsed.alert : parseJsonAlert(parsed.json);
}

import { parseOrThrow } from '../validation';
import { weatherAlertSchema } from './alert';
import type { WeatherAlert } from './alert';

/** The simple JSON form of a warning: the fields of WeatherAlert; unknown fields are rejected. */
export function parseJsonAlert(input: unknown): WeatherAlert {
  return parseOrThrow(weatherAlertSchema, input, 'weather alert');
}

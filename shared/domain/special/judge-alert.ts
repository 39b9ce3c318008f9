import type { WeatherAlert } from '../alerts/alert';
import type { Deployment } from '../elder/deployment';
import { toMillis } from '../time/instant';
import type { Instant } from '../time/instant';
import { isInTheFuture, MAX_CLOCK_SKEW_MINUTES } from '../time/skew';
import type { FieldIssue } from '../validation';
import { scopesFor } from './areas';

/**
 * A warning judged before it acts (and before anything is stored): one that has already
 * expired would raise visits and SMS for weather that is over; one sent "from the future" is a
 * wrong clock or a forgery; one whose every area lies outside the deployment is another
 * region's business. A cancel is never refused for these: stopping notices is always safe.
 * An update of an alert we hold may move its areas away (that narrows what we do).
 */
export function alertProblems(alert: WeatherAlert, now: Instant, deployment: Deployment, context: { followsKnownAlert: boolean }): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (isInTheFuture(alert.sent, now)) issues.push({ field: 'sent', rule: `is in the future (${alert.sent}; now ${now}, allowing ${MAX_CLOCK_SKEW_MINUTES} minutes of clock skew)` });
  if (alert.msgType === 'Cancel') return issues;
  if (toMillis(alert.expires) <= toMillis(now)) issues.push({ field: 'expires', rule: `has passed (${alert.expires}; now ${now}): an expired warning raises no visits` });
  if (!context.followsKnownAlert && scopesFor(alert.areaCodes, deployment.counties).scopes.length === 0) {
    issues.push({ field: 'areaCodes', rule: `none of ${alert.areaCodes.join(', ')} lies in this deployment (${deployment.area}): another region's warning` });
  }
  return issues;
}

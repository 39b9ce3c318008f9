import { parseAlert, parseJsonAlert } from '../domain/alerts';
import type { WeatherAlert } from '../domain/alerts';
import { alertOccasionId } from '../domain/special/occasion';
import type { AlertOccasion } from '../domain/special/occasion';
import { toInstant, toMillis } from '../domain/time/instant';
import type { Clock, OccasionStore } from '../ports';

export type IngestOutcome =
  /** A new alert: apply it. */
  | 'accepted'
  /** An update of a known alert (new level, areas or expiry): apply it again; tasks and notices already made stay single. */
  | 'updated'
  /** A cancel: pending notices are not sent and open extra tasks are cancelled. */
  | 'cancelled'
  /** This message was handled before: nothing changes. */
  | 'duplicate'
  /** Older than a message already applied (or the alert was cancelled): recorded, nothing changes. */
  | 'stale'
  /** A cancel of an alert never received: recorded, nothing to stop. */
  | 'unknown_alert';

export interface IngestResult {
  outcome: IngestOutcome;
  occasionId: string;
  identifier: string;
  /** Whether the occasion changed and must be applied (in AWS the table stream does it). */
  apply: boolean;
}

export type AlertInput = { body: string; contentType?: string | undefined } | { json: unknown };

/**
 * Takes one official warning message (CAP 1.2 XML or the JSON form). Input is parsed and
 * validated before anything is written, so a malformed or unknown message is stored nowhere.
 * A message is handled once: the occasion is written first and the message recorded last, so
 * a crash in between is repaired by a retry of the same message.
 */
export async function ingestAlert(deps: { occasions: OccasionStore; clock: Clock }, input: AlertInput): Promise<IngestResult> {
  const alert = 'json' in input ? parseJsonAlert(input.json) : parseAlert(input.body, input.contentType);
  const now = toInstant(deps.clock.now());
  const known = await deps.occasions.messageOccasion(alert.identifier);
  if (known) return { outcome: 'duplicate', occasionId: known, identifier: alert.identifier, apply: false };

  const root = await rootOccasion(deps.occasions, alert);
  let outcome: IngestOutcome;
  if (alert.msgType === 'Cancel') {
    outcome = root && (await deps.occasions.cancel(root, now)) ? 'cancelled' : 'unknown_alert';
  } else {
    const occasionId = root ?? alertOccasionId(alert.identifier);
    const existing = await deps.occasions.get(occasionId);
    const startAt = existing?.kind === 'alert' ? existing.startAt : toMillis(alert.onset) > toMillis(now) ? alert.onset : now;
    const occasion: AlertOccasion = { kind: 'alert', occasionId, alert, startAt, status: 'active' };
    const written = await deps.occasions.putAlert(occasion, now);
    outcome = written === 'stale' ? 'stale' : existing ? 'updated' : 'accepted';
  }
  const occasionId = root ?? alertOccasionId(alert.identifier);
  await deps.occasions.recordMessage(alert.identifier, occasionId, now);
  return { outcome, occasionId, identifier: alert.identifier, apply: outcome === 'accepted' || outcome === 'updated' || outcome === 'cancelled' };
}

/** The occasion of the first referenced message we know; an Update of an unknown alert starts its own. */
async function rootOccasion(occasions: OccasionStore, alert: WeatherAlert): Promise<string | undefined> {
  for (const reference of alert.references) {
    const occasionId = await occasions.messageOccasion(reference);
    if (occasionId) return occasionId;
  }
  return undefined;
}

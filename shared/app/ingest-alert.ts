import { createHash } from 'node:crypto';
import { servedCounties } from '../config/region-config';
import type { RegionRuntime } from '../config/region-config';
import { parseAlert, parseJsonAlert } from '../domain/alerts';
import type { WeatherAlert } from '../domain/alerts';
import { alertOccasionId } from '../domain/special/occasion';
import type { AlertOccasion, MessageKey } from '../domain/special/occasion';
import { alertProblems } from '../domain/special/judge-alert';
import { toInstant, toMillis } from '../domain/time/instant';
import { ValidationError } from '../domain/validation';
import type { Clock, OccasionStore } from '../ports';

export type IngestOutcome =
  /** A new alert: apply it. */
  | 'accepted'
  /** An update of a known alert (new level, areas or expiry): apply it again; tasks and notices already made stay single. */
  | 'updated'
  /** A cancel: pending notices are not sent and open extra tasks are cancelled. */
  | 'cancelled'
  /** This message was handled and applied before: nothing changes. */
  | 'duplicate'
  /** This message was handled before but its application never finished: apply it again, to the end. */
  | 'resumed'
  /** Older than a message already applied (or the alert was cancelled): recorded, nothing changes. */
  | 'stale'
  /** A cancel of an alert never received: recorded, nothing to stop. */
  | 'unknown_alert';

export interface IngestResult {
  outcome: IngestOutcome;
  occasionId: string;
  identifier: string;
  /** Whether the occasion changed (or is unfinished) and must be applied (in AWS the table stream does it). */
  apply: boolean;
}

export type AlertInput = { body: string; contentType?: string | undefined } | { json: unknown };

export interface IngestAlertDeps {
  occasions: OccasionStore;
  clock: Clock;
  runtime: RegionRuntime;
}

/** A sender as the suffix of an occasion id, when another sender's alert holds the bare one. */
const senderKey = (sender: string) => createHash('sha256').update(sender).digest('hex').slice(0, 12);

/**
 * Takes one official warning message (CAP 1.2 XML or the JSON form).
 *
 * 1. Parses and validates it, then judges it before anything is stored: a warning already
 *    expired, sent from the future, or wholly outside the deployment's areas is refused with
 *    the field and the rule.
 * 2. A message is identified by sender + identifier + sent (CAP's identity): a second sender
 *    reusing an identifier is a different alert with its own occasion, never a duplicate.
 * 3. A repeat of a message whose application finished is a duplicate; of one whose application
 *    never finished (a crash, a killed run) it is resumed, and the occasion is written again so
 *    its stream applies it to the end.
 * The occasion is written first and the message recorded last, so a crash in between is
 * repaired by a retry of the same message.
 */
export async function ingestAlert(deps: IngestAlertDeps, input: AlertInput): Promise<IngestResult> {
  const alert = 'json' in input ? parseJsonAlert(input.json) : parseAlert(input.body, input.contentType);
  const fields = 'json' in input || !looksLikeXml(input) ? JSON_FIELDS : CAP_FIELDS;
  const now = toInstant(deps.clock.now());
  const key: MessageKey = { sender: alert.sender, identifier: alert.identifier, sent: alert.sent };
  const known = await deps.occasions.messageOccasion(key);
  if (known) return repeat(deps, known, alert, now);

  const root = await rootOccasion(deps.occasions, alert);
  const problems = alertProblems(alert, now, { area: deps.runtime.config.deploymentArea, counties: servedCounties(deps.runtime.config) }, { followsKnownAlert: root !== undefined });
  if (problems.length > 0)
    throw new ValidationError(
      'weather alert',
      problems.map((p) => ({ ...p, field: fields[p.field] ?? p.field })),
    );

  let outcome: IngestOutcome;
  let occasionId = root ?? alertOccasionId(alert.identifier);
  if (alert.msgType === 'Cancel') {
    outcome = root && (await deps.occasions.cancel(root, now)) ? 'cancelled' : 'unknown_alert';
  } else {
    let written = await putAlert(deps, occasionId, alert, now);
    if (written.result === 'taken' && !root) {
      // The bare id belongs to another sender's alert: this one gets its own.
      occasionId = alertOccasionId(alert.identifier, senderKey(alert.sender));
      written = await putAlert(deps, occasionId, alert, now);
    }
    outcome = written.result === 'written' ? (written.existed ? 'updated' : 'accepted') : 'stale';
  }
  await deps.occasions.recordMessage(key, occasionId, now);
  return { outcome, occasionId, identifier: alert.identifier, apply: outcome === 'accepted' || outcome === 'updated' || outcome === 'cancelled' };
}

async function putAlert(deps: IngestAlertDeps, occasionId: string, alert: WeatherAlert, now: string): Promise<{ result: 'written' | 'stale' | 'taken'; existed: boolean }> {
  const existing = await deps.occasions.get(occasionId);
  const startAt = existing?.kind === 'alert' ? existing.startAt : toMillis(alert.onset) > toMillis(now) ? alert.onset : now;
  const occasion: AlertOccasion = { kind: 'alert', occasionId, alert, startAt, status: 'active' };
  return { result: await deps.occasions.putAlert(occasion, now), existed: existing !== undefined };
}

/** A message seen before: a duplicate once its occasion's application finished, else resumed. */
async function repeat(deps: IngestAlertDeps, occasionId: string, alert: WeatherAlert, now: string): Promise<IngestResult> {
  const [occasion, applied] = await Promise.all([deps.occasions.get(occasionId), deps.occasions.appliedRevision(occasionId)]);
  const unfinished = occasion !== undefined && (applied ?? 0) < (occasion.revision ?? 1);
  if (!unfinished) return { outcome: 'duplicate', occasionId, identifier: alert.identifier, apply: false };
  await deps.occasions.touch(occasionId, now);
  return { outcome: 'resumed', occasionId, identifier: alert.identifier, apply: true };
}

/** The occasion of the first referenced message we know (this sender's); an Update of an unknown alert starts its own. */
async function rootOccasion(occasions: OccasionStore, alert: WeatherAlert): Promise<string | undefined> {
  for (const reference of alert.references) {
    const occasionId = await occasions.referencedOccasion(alert.sender, reference);
    if (occasionId) return occasionId;
  }
  return undefined;
}

const looksLikeXml = (input: { body: string; contentType?: string | undefined }) => /xml/i.test(input.contentType ?? '') || input.body.trimStart().startsWith('<');

/** The judged fields as each form names them. */
const JSON_FIELDS: Record<string, string> = {};
const CAP_FIELDS: Record<string, string> = { sent: 'alert.sent', expires: 'info.expires', areaCodes: 'info.area' };

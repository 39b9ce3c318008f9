import type { EscalationReport } from './escalate-overdue';

export function emptyEscalationReport(): EscalationReport {
  return { considered: 0, markedMissed: 0, escalatedByLevel: {}, repeats: 0, skippedChanged: 0, levelsSkipped: [], noRecipient: [], smsQueued: 0, smsMerged: 0, smsExisting: 0, notified: [] };
}

/** Adds a chunk's counts to a pass's (the local runner and tests walk every shard in one process). */
export function addEscalationReport(total: EscalationReport, chunk: EscalationReport): void {
  for (const k of ['considered', 'markedMissed', 'repeats', 'skippedChanged', 'smsQueued', 'smsMerged', 'smsExisting'] as const) total[k] += chunk[k];
  for (const [level, n] of Object.entries(chunk.escalatedByLevel)) total.escalatedByLevel[level] = (total.escalatedByLevel[level] ?? 0) + n;
  total.levelsSkipped.push(...chunk.levelsSkipped);
  total.noRecipient.push(...chunk.noRecipient);
  total.notified.push(...chunk.notified);
}

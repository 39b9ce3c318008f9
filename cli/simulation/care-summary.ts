import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import type { FollowUpCause, TaskSummary } from '../../shared/domain/task/task';
import type { DayProgress } from './run';

/** Needs and measures (闭环管理), follow-ups (跟踪回访) and smart-device alarms, as the run saw them. */
export interface CareSummary {
  needs: { found: number; referred: number; referralsFollowedUp: number; openAtEnd: number };
  followUps: {
    opened: number;
    byCause: Partial<Record<FollowUpCause, number>>;
    resolved: number;
    /** Found unresolved: each opened the next round. */
    unresolved: number;
    stillOpen: number;
    /** Overdue follow-ups escalated: every one to the county supervisor or above, none to a liaison. */
    escalated: number;
    /** One referral carried to its end: the need, who followed it up, when. */
    example?: { need: string; referredBy: string; followedUpBy: string; at: string } | undefined;
  };
  devices: {
    registered: number;
    alarms: number;
    incidents: number;
    merged: number;
    urgentSms: number;
    /** The incident the run's gas alarm raised: its alarms, and what the township's follow-up found. */
    example?: { incidentId: string; alarms: number; followUp: string; outcome: string } | undefined;
  };
}

type Summarised = TaskSummary & { township: string };

export async function summariseCare(days: readonly DayProgress[], all: readonly Summarised[], repos: Repositories, townships: Iterable<string>): Promise<CareSummary> {
  const followUps = all.filter((t) => t.kind === 'follow_up');
  const byCause: Partial<Record<FollowUpCause, number>> = {};
  for (const t of followUps) if (t.followUpCause) byCause[t.followUpCause] = (byCause[t.followUpCause] ?? 0) + 1;
  const outcomes = days.flatMap((d) => d.followUpOutcomes).filter((o) => o.recorded);
  const referralsClosed = outcomes.flatMap((o) => o.followedUp);
  let openAtEnd = 0;
  for (const township of townships) {
    let cursor: string | undefined;
    do {
      const page = await repos.needs.openInArea(township, 200, cursor);
      openAtEnd += page.items.length;
      cursor = page.next;
    } while (cursor);
  }
  const alarms = days.flatMap((d) => d.alarms);
  const incident = alarms.find((a) => a.outcome === 'raised');
  const incidentFollowUp = incident?.followUp ? await repos.tasks.get(incident.followUp.split('#')[0]!, incident.followUp.split('#').slice(1).join('#')) : undefined;
  return {
    needs: { found: days.reduce((a, d) => a + d.needsFound, 0), referred: days.flatMap((d) => d.followUps).reduce((a, f) => a + f.referrals.length, 0), referralsFollowedUp: referralsClosed.length, openAtEnd },
    followUps: {
      opened: followUps.length,
      byCause,
      resolved: outcomes.filter((o) => o.task.followUpOutcome?.outcome === 'resolved').length,
      unresolved: outcomes.filter((o) => o.task.followUpOutcome?.outcome === 'unresolved').length,
      stillOpen: followUps.filter((t) => ['open', 'assigned', 'missed'].includes(t.state)).length,
      escalated: followUps.filter((t) => (t.escalation?.level ?? 0) >= 1).length,
      example: await referralExample(repos, referralsClosed[0]!, outcomes.find((o) => o.followedUp.length > 0)?.task.elderId),
    },
    devices: {
      registered: days.reduce((a, d) => a + d.devicesRegistered, 0),
      alarms: alarms.length,
      incidents: new Set(alarms.map((a) => a.incidentId)).size,
      merged: alarms.filter((a) => a.outcome === 'merged').length,
      urgentSms: alarms.reduce((a, r) => a + r.urgentSms, 0),
      example: incident
        ? {
            incidentId: incident.incidentId,
            alarms: Math.max(...alarms.filter((a) => a.incidentId === incident.incidentId).map((a) => a.alarms)),
            followUp: incident.followUp ?? '',
            outcome: incidentFollowUp?.followUpOutcome ? `${incidentFollowUp.followUpOutcome.outcome} by ${incidentFollowUp.followUpOutcome.by}` : (incidentFollowUp?.state ?? 'none'),
          }
        : undefined,
    },
  };
}

async function referralExample(repos: Repositories, ref: string | undefined, elderId: string | undefined): Promise<CareSummary['followUps']['example']> {
  if (!ref || !elderId) return undefined;
  const [needKey, measureId] = [ref.slice(0, ref.lastIndexOf('/')), ref.slice(ref.lastIndexOf('/') + 1)];
  const need = await repos.needs.get(elderId, needKey);
  const measure = need?.measures.find((m) => m.measureId === measureId);
  const referred = measure?.steps.find((s) => s.to === 'referred');
  const followed = measure?.steps.find((s) => s.to === 'followed_up');
  if (!need || !referred || !followed) return undefined;
  return { need: `${elderId} ${need.needKey}: ${measure!.description}`, referredBy: `${referred.by} at ${referred.at}`, followedUpBy: followed.by, at: followed.at };
}

import type { SimulationSummary } from './summary';

/** The care loop in the summary: needs closing, follow-ups and who they reached, device alarms. */
export function careLines(s: Pick<SimulationSummary, 'care'>): string[] {
  const { needs, followUps: f, devices: d } = s.care;
  const causes =
    Object.entries(f.byCause)
      .map(([cause, n]) => `${cause} ${n}`)
      .join(', ') || 'none';
  return [
    '',
    `Needs (闭环管理): ${needs.found} found on visits, ${needs.referred} referred to another service (转介); ${needs.referralsFollowedUp} referrals followed up (跟踪回访); ${needs.openAtEnd} needs still open at the end`,
    `Follow-ups (跟踪回访): ${f.opened} opened (${causes}); ${f.resolved} found resolved, ${f.unresolved} unresolved (each opened the next round), ${f.stillOpen} still open; ${f.escalated} escalated when overdue, above their owner (the county supervisor first)`,
    ...(f.example ? [`  a referral followed up: ${f.example.need} — referred by ${f.example.referredBy}, followed up by ${f.example.followedUpBy} at ${f.example.at}`] : []),
    `Smart devices (智能设备): ${d.registered} registered; ${d.alarms} alarms → ${d.incidents} incident(s) (${d.merged} repeats merged), ${d.urgentSms} urgent SMS to emergency contacts, liaison and instructor`,
    ...(d.example ? [`  incident ${d.example.incidentId}: ${d.example.alarms} alarms, follow-up ${d.example.followUp} ${d.example.outcome}`] : []),
  ];
}

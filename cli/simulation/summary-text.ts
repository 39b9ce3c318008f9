import type { SimulationSummary } from './summary';
import { renderSmsBack } from './summary-sms-back';
import { careLines } from './care-text';
import { renderCareServed } from './care-served-summary';

const pct = (r: number | null) => (r === null ? '   –  ' : `${(r * 100).toFixed(1).padStart(5)}%`);

/** The summary as an administrator reads it. */
export function renderSummary(s: SimulationSummary): string {
  const lines: string[] = [];
  lines.push(`Tanfang simulation — region ${s.region}, ${s.from} to ${s.to}, seed ${s.seed}`);
  lines.push(`Ledger: ${s.ledger.elders} elders in ${s.ledger.townships} townships / ${s.ledger.villages} villages; ${s.ledger.visitors} visitors; ${s.ledger.eldersWithoutVisitor} elders without a visitor`);
  lines.push('', `Tasks (${s.tasks.total}) by tier and state:`);
  const states = ['open', 'assigned', 'completed', 'missed', 'cancelled'];
  lines.push(`  ${'tier'.padEnd(12)}${states.map((x) => x.padStart(11)).join('')}`);
  for (const [tier, row] of Object.entries(s.tasks.byTierAndState)) {
    lines.push(`  ${tier.padEnd(12)}${states.map((x) => String(row[x] ?? 0).padStart(11)).join('')}`);
  }
  lines.push('', `Visits: ${s.visits.recorded} recorded, ${s.visits.counted} completed a task, ${s.visits.notCounted} did not count (a method the tier does not accept, or before the window)`);
  const flagged = Object.entries(s.visits.flagged);
  lines.push(`  flagged for review (不探访假探访 checks, never rejected): ${flagged.length === 0 ? 'none' : flagged.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  lines.push(
    '',
    `SMS: ${s.sms.sent} sent (${s.sms.segmentsSent} segments) in ${s.sms.calls} provider calls, ${s.sms.undeliverable} undeliverable (no phone), ${s.sms.failed} failed, ${s.sms.heldForBudget} held by the monthly budget, ${s.sms.cancelled} cancelled with their warning, ${s.sms.deferredPerPhone} deferred by the per-phone limits; ${s.sms.digestsQueued} daily digests, at most ${s.sms.maxDigestsPerVisitorPerDay} per visitor per day; at most ${s.sms.maxToOnePhonePerDay} SMS of any kind to one phone in a day`,
    `     delivered to the local outbox file ${s.sms.outboxFile}`,
    '  by template (SMS, segments):',
    ...Object.entries(s.sms.byTemplate).map(([template, row]) => `    ${template.padEnd(28)}${String(row.count).padStart(7)}${String(row.segments).padStart(8)}`),
    ...renderSmsBack(s.smsBack),
  );
  const e = s.escalation;
  lines.push(
    '',
    `Escalations: ${
      Object.entries(e.byLevel)
        .map(([level, n]) => `level ${level}: ${n}`)
        .join(', ') || 'none'
    } (${e.repeats} repeats); ${e.levelsSkipped} levels skipped for want of anyone in the role`,
    `  supervisors acknowledged ${e.acknowledged}, reassigned ${e.reassigned}, resolved ${e.resolved}; ${e.lateCompletions} overdue tasks completed late, median ${e.medianHoursDueToLateCompletion ?? '–'} h after the due time; ${e.stillEscalatedAtEnd} tasks still escalated at the end`,
    ...s.specialPeriods.map(
      (o) =>
        `Special period ${o.occasionId}: ${o.elders} elders, ${o.extraTasks} extra tasks (${o.mergedIntoExistingTask} merged into another occasion's), ${o.visitorNotices} visitor + ${o.familyNotices} family notices; ${o.completed} done (${o.completedInWindow} in window), median ${o.medianHoursToDone ?? '–'} h from opening`,
    ),
    ...peopleLines(s),
    `Emergencies: ${s.emergencies.visits} visit(s) found an emergency or unsafe condition → ${s.emergencies.urgentSms} urgent SMS; ${s.emergencies.followUpsOpened} follow-ups (跟踪回访) opened`,
  );
  lines.push(...careLines(s));
  lines.push('', 'Monthly visit rate per township (月探访率: visited ÷ owed, over windows closed so far):');
  for (const v of s.visitRates) {
    lines.push(
      `  ${v.month}  ${v.townshipName.padEnd(10)} ${pct(v.rate.rate)}  (${v.rate.visited}/${v.rate.owed} closed windows visited: ${v.rate.missed} missed, ${v.rate.late} late, ${v.rate.fake} fake; ${v.rate.stillOpen} still open, ${v.rate.visitedEarly} of them visited)`,
    );
  }
  lines.push(...renderCareServed(s.careServed));
  lines.push('', `DynamoDB request units: ${s.dynamodb.readUnits} read, ${s.dynamodb.writeUnits} write`);
  return lines.join('\n');
}

/** The visitor on leave with a cover (请假, 代班) and the elder who moved (迁居). */
function peopleLines(s: SimulationSummary): string[] {
  const { leave, move } = s.people;
  return [
    leave
      ? `Leave: ${leave.visitorId} away ${leave.from} to ${leave.to}, covered by ${leave.coverId}: ${leave.tasksToCoverAtOnce} open tasks given to the cover at once, ${leave.tasksToCoverByGeneration} new ones as generated, ${leave.closedByCover} finished by the cover, ${leave.tasksHandedBack} handed back the morning after`
      : 'Leave: none recorded in this run',
    move
      ? `Move: elder ${move.elder} moved from village ${move.fromVillage} to ${move.toVillage}: ${move.tasksFollowed} open tasks followed to ${move.newVisitorId ?? 'nobody (left for the liaison)'}; ${move.tasksInNewVillage} of the elder's tasks in the new village by the end`
      : 'Move: none in this run',
    `Visitors inactive or away uncovered: ${s.people.tasksLeftOpen} new tasks left open, ${s.people.unassignedNotices} liaison notices`,
  ];
}

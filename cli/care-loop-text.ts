import type { RegionConfig } from '../shared/config/region-config';
import { ROLE_NAMES_ZH } from '../shared/domain/escalation/ladder';
import { MAX_CLOCK_SKEW_MINUTES } from '../shared/domain/time/skew';

/** The region's care-loop rules in words (needs and measures, follow-ups and their ladder, smart devices), for `policy show`. */
export function describeCareLoop(config: RegionConfig): string {
  const { escalation, devices } = config;
  const ladder = escalation.followUpLadder
    .map((l, i) => `${l.role} (${ROLE_NAMES_ZH[l.role]}) ${i === 0 && l.afterDueHours === 0 ? 'at its deadline' : `+${l.afterDueHours} h`}${l.repeatEveryHours ? `, again every ${l.repeatEveryHours} h` : ''}`)
    .join(', then ');
  const platforms = devices.platforms.length === 0 ? 'no device platform is configured: the alarm endpoint refuses every request' : devices.platforms.map((p) => `${p.id} (${p.name}, area ${p.areaCode})`).join('; ');
  return [
    'The care loop (闭环管理, 四川 000: 帮扶需求和帮扶措施要一一对应，落实情况形成闭环管理):',
    '  Needs found on a visit are kept with their measures: planned → in progress → done, or referred (转介) → followed up (跟踪回访) by the township; a need stays open until every measure has reached its end.',
    `  A referral, an emergency or unsafe finding, a need left without a measure and a smart-device alarm each open a follow-up for the township instructor, due ${escalation.followUpHours} h later; its owner records the outcome (resolved closes its referrals; unresolved opens the next round).`,
    `  An overdue follow-up escalates above its owner: ${ladder}.`,
    'Smart devices (民发 004: 一旦监测异常，能够及时预警，并同步向紧急联系人发送提示信息):',
    `  Platforms: ${platforms}.`,
    `  An alarm from a registered device raises urgent SMS to the elder's emergency contacts, the village liaison and the township instructor, and a follow-up; repeats of one device and kind within ${devices.mergeMinutes} minutes of each other are one incident, counted; an alarm more than ${devices.maxAgeMinutes} minutes old or more than ${MAX_CLOCK_SKEW_MINUTES} minutes ahead is refused.`,
  ].join('\n');
}

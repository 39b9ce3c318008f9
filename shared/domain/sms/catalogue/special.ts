import { ALERT_EVENT_NAMES, ALERT_LEVELS, ALERT_LEVEL_NAMES } from '../../alerts/alert';
import type { AlertEvent } from '../../alerts/alert';
import { FESTIVAL_NAMES } from '../../calendar/festivals';
import type { SmsTemplate } from '../template';
import { count, date, dayHour, word } from './variables';

/**
 * Special periods (特殊时间节点): one visitor notice and one family notice per hazard group and
 * for festivals. Safety guidance is fixed text, not a variable: reviewers approve what a
 * template says, and a variable carrying sentences of advice would be free text in disguise
 * (and longer than any provider lets a variable be). Grouping the 14 warning types by the
 * advice they need keeps the office's filing to 14 templates; the warning's official name
 * (高温红色) is a word variable limited to the group's own warnings, so a heat template can
 * never be sent for a typhoon.
 */
export const HAZARD_GROUPS = {
  wind: { name: '台风大风', events: ['typhoon', 'gale'], guidance: '关好门窗，不外出，远离危房、广告牌和大树。' },
  rain: { name: '暴雨', events: ['rainstorm'], guidance: '减少外出，远离低洼地和河道，注意用电安全。' },
  cold: { name: '寒潮冰雪', events: ['cold_wave', 'blizzard', 'frost', 'icy_road'], guidance: '添衣保暖，安全取暖防煤气中毒，外出防滑防跌倒。' },
  heat: { name: '高温干旱', events: ['heat', 'drought'], guidance: '避免午后外出，多喝水，开空调或风扇防中暑。' },
  air: { name: '沙尘雾霾', events: ['sandstorm', 'fog', 'haze'], guidance: '关闭门窗，减少外出，外出戴口罩并注意交通安全。' },
  storm: { name: '雷电冰雹', events: ['lightning', 'hail'], guidance: '留在室内，远离门窗，关闭电器，外出注意保护头部。' },
} as const satisfies Record<string, { name: string; events: readonly AlertEvent[]; guidance: string }>;
export type HazardGroup = keyof typeof HAZARD_GROUPS;

export function hazardGroupOf(event: AlertEvent): HazardGroup {
  for (const [group, def] of Object.entries(HAZARD_GROUPS) as [HazardGroup, (typeof HAZARD_GROUPS)[HazardGroup]][]) {
    if ((def.events as readonly AlertEvent[]).includes(event)) return group;
  }
  throw new Error(`no hazard group for warning type ${event}`);
}

/** 高温红色: the signal's official name and colour, as the warning itself says it. */
export const warningWord = (event: AlertEvent, level: (typeof ALERT_LEVELS)[number]) => `${ALERT_EVENT_NAMES[event]}${ALERT_LEVEL_NAMES[level]}`;

const warningOf = (group: HazardGroup) =>
  word(
    'warning',
    '预警信号名称和颜色（如高温红色）',
    HAZARD_GROUPS[group].events.flatMap((e) => ALERT_LEVELS.map((l) => warningWord(e, l))),
  );

export const weatherVisitorId = (group: HazardGroup) => `weather_visitor_${group}`;
export const weatherFamilyId = (group: HazardGroup) => `weather_family_${group}`;

function weatherVisitor(group: HazardGroup): SmsTemplate {
  const def = HAZARD_GROUPS[group];
  return {
    id: weatherVisitorId(group),
    kind: 'weather_notice',
    name: `${def.name}预警探访通知`,
    purpose: `气象部门发布${def.name}预警时，告知探访人员需特别关照的老人人数、联系时限和需上门人数，并转告安全提示`,
    text: `\${warning}预警（至\${until}）：您负责的\${elders}位老人需特别关照，请于\${dueBy}前逐一联系，其中\${home}位需上门。请提醒老人：${def.guidance}`,
    variables: [warningOf(group), dayHour('until', '预警持续至（日、时）'), count('elders', '需关照的老人数'), dayHour('dueBy', '联系截止（日、时）'), count('home', '其中需上门的老人数')],
    audience: 'staff',
    sample: { warning: warningWord(def.events[0], 'red'), until: '2026-07-22T10:00:00+08:00', elders: 12, dueBy: '2026-07-20T22:00:00+08:00', home: 3 },
  };
}

function weatherFamily(group: HazardGroup): SmsTemplate {
  const def = HAZARD_GROUPS[group];
  return {
    id: weatherFamilyId(group),
    kind: 'weather_notice',
    name: `${def.name}预警家属提醒`,
    purpose: `气象部门发布${def.name}预警时，提醒特殊困难老人的子女（第一探访联系人）及时电话问候老人并转告安全提示`,
    text: `\${warning}预警（至\${until}）：请及时给家中老人打电话问候，提醒老人${def.guidance}`,
    variables: [warningOf(group), dayHour('until', '预警持续至（日、时）')],
    audience: 'family',
    sample: { warning: warningWord(def.events[0], 'orange'), until: '2026-07-22T10:00:00+08:00' },
  };
}

const festival = word('festival', '传统节日名称（如重阳节）', Object.values(FESTIVAL_NAMES));

export const festivalVisitor: SmsTemplate = {
  id: 'festival_visitor',
  kind: 'festival_notice',
  name: '传统节日探访通知',
  purpose: '春节、重阳节等传统节日前，告知探访人员需节日探访的老人人数、截止日期和需上门人数',
  text: '${festival}（${day}）节日关爱：您负责的${elders}位老人需节日探访，请于${dueBy}前逐一联系，其中${home}位需上门。请提醒老人注意饮食卫生和用火用电安全。',
  variables: [festival, date('day', '节日日期'), count('elders', '需探访的老人数'), date('dueBy', '探访截止日期'), count('home', '其中需上门的老人数')],
  audience: 'staff',
  sample: { festival: '重阳节', day: '2026-10-18', elders: 15, dueBy: '2026-10-18', home: 15 },
};

export const festivalFamily: SmsTemplate = {
  id: 'festival_family',
  kind: 'festival_notice',
  name: '传统节日家属提醒',
  purpose: '传统节日期间，提醒特殊困难老人的子女（第一探访联系人）常回家看看或电话问候老人（民政部门关爱服务通知，非营销）',
  text: '${festival}（${day}）期间，请常回家看看，或给家中老人打电话问候，提醒老人注意饮食卫生和用火用电安全。',
  variables: [festival, date('day', '节日日期')],
  audience: 'family',
  sample: { festival: '重阳节', day: '2026-10-18' },
};

const GROUPS = Object.keys(HAZARD_GROUPS) as HazardGroup[];

export const SPECIAL_TEMPLATES: readonly SmsTemplate[] = [...GROUPS.flatMap((g) => [weatherVisitor(g), weatherFamily(g)]), festivalVisitor, festivalFamily];

import type { AlertEvent } from '../alerts/alert';
import { countSegments } from '../sms/segments';
import { withSignature } from '../sms/templates';
import { localDateOf, localTimeOf } from '../time/instant';
import type { Instant } from '../time/instant';
import type { LocalDate } from '../time/local-date';
import { occasionTitle } from './occasion';
import type { Occasion } from './occasion';

/**
 * Safety guidance per warning type (安全知识、应急自救知识), short enough that a notice stays
 * within two or three SMS segments. Visitors pass it on; families hear it from us directly.
 */
export const ALERT_GUIDANCE: Record<AlertEvent, string> = {
  typhoon: '关好门窗，不外出，远离危房、广告牌和大树。',
  rainstorm: '减少外出，远离低洼地和河道，注意用电安全。',
  blizzard: '减少外出，防寒保暖，防滑防跌倒。',
  cold_wave: '添衣保暖，安全取暖，谨防煤气中毒。',
  gale: '关好门窗，收好阳台物品，减少外出。',
  sandstorm: '关闭门窗，外出戴口罩，减少户外活动。',
  heat: '避免午后外出，多喝水，开空调或风扇防中暑。',
  drought: '节约用水，注意饮水卫生，防暑降温。',
  lightning: '留在室内，关闭电器，远离门窗和金属物。',
  hail: '留在室内，远离窗户，外出注意保护头部。',
  frost: '添衣保暖，早晚防滑，注意取暖安全。',
  fog: '减少外出，外出注意交通安全。',
  haze: '减少外出，关闭门窗，外出戴口罩。',
  icy_road: '尽量不外出，外出穿防滑鞋，防跌倒。',
};

export const FESTIVAL_GUIDANCE = '节日期间注意饮食卫生和用火用电安全，多陪伴问候。';

export interface Notice {
  text: string;
  segments: number;
}

const monthDay = (d: LocalDate) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
const dayHour = (at: Instant) => `${monthDay(localDateOf(at))}${Number(localTimeOf(at).slice(0, 2))}时`;

function guidance(occasion: Occasion): string {
  return occasion.kind === 'alert' ? ALERT_GUIDANCE[occasion.alert.event] : FESTIVAL_GUIDANCE;
}

function until(occasion: Occasion): string {
  return occasion.kind === 'alert' ? `(至${dayHour(occasion.alert.expires)})` : `(${monthDay(occasion.day)})`;
}

const notice = (signature: string, body: string): Notice => {
  const text = withSignature(signature, body);
  return { text, segments: countSegments(text).segments };
};

/**
 * One SMS to a visitor per occasion: how many of their elders need an extra contact, by when,
 * how many at home, and the guidance to pass on. Never a name, ID number or phone.
 */
export function visitorNotice(input: { signature: string; occasion: Occasion; elders: number; homeVisits: number; firstDueAt: Instant }): Notice {
  const home = input.homeVisits > 0 ? `，其中${input.homeVisits}位需上门` : '';
  return notice(
    input.signature,
    `${occasionTitle(input.occasion)}${until(input.occasion)}：您负责的${input.elders}位老人需特别关照，请于${dayHour(input.firstDueAt)}前逐一联系${home}。提醒老人：${guidance(input.occasion)}`,
  );
}

/**
 * One SMS to a first visit contact (a child) per occasion, however many parents it covers.
 * Kept to one segment with a short signature: a city-wide warning sends tens of thousands.
 */
export function familyNotice(input: { signature: string; occasion: Occasion }): Notice {
  return notice(
    input.signature,
    `${occasionTitle(input.occasion)}${until(input.occasion)}：请及时给家中老人打电话问候，提醒${guidance(input.occasion)}`,
  );
}

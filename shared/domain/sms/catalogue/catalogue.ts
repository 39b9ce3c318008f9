import type { SmsTemplate } from '../template';
import { SPECIAL_TEMPLATES } from './special';
import { TASK_TEMPLATES } from './tasks';
import { PEOPLE_TEMPLATES } from './people';
import { EVENT_TEMPLATES } from './events';
import { URGENT_TEMPLATES } from './urgent';

/** Every message Tanfang sends, as the office registers it (短信模板). */
export const CATALOGUE: readonly SmsTemplate[] = [...TASK_TEMPLATES, ...PEOPLE_TEMPLATES, ...URGENT_TEMPLATES, ...SPECIAL_TEMPLATES, ...EVENT_TEMPLATES];

const BY_ID = new Map(CATALOGUE.map((t) => [t.id, t]));

export const TEMPLATE_IDS: readonly string[] = CATALOGUE.map((t) => t.id);

export function templateById(id: string): SmsTemplate | undefined {
  return BY_ID.get(id);
}

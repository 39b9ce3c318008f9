import type { SmsTemplate } from '../template';
import { REPLY_TEMPLATES } from './replies';
import { DEVICE_TEMPLATES } from './devices';
import { SPECIAL_TEMPLATES } from './special';
import { TASK_TEMPLATES } from './tasks';
import { PEOPLE_TEMPLATES } from './people';
import { EVENT_TEMPLATES } from './events';
import { URGENT_TEMPLATES } from './urgent';
import { LEDGER_TEMPLATES } from './ledger';

/** Every message Tanfang sends, as the office registers it (短信模板). */
export const CATALOGUE: readonly SmsTemplate[] = [...TASK_TEMPLATES, ...PEOPLE_TEMPLATES, ...URGENT_TEMPLATES, ...DEVICE_TEMPLATES, ...SPECIAL_TEMPLATES, ...EVENT_TEMPLATES, ...LEDGER_TEMPLATES, ...REPLY_TEMPLATES];

const BY_ID = new Map(CATALOGUE.map((t) => [t.id, t]));

export const TEMPLATE_IDS: readonly string[] = CATALOGUE.map((t) => t.id);

export function templateById(id: string): SmsTemplate | undefined {
  return BY_ID.get(id);
}

const INVITING = new Map(CATALOGUE.filter((t) => t.invites).map((t) => [t.invites!.replaces, t]));

/** The version of a template that invites a reply `1`, if the catalogue has one. */
export function invitingVersionOf(id: string): SmsTemplate | undefined {
  return INVITING.get(id);
}

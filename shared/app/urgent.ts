import { findInChain } from '../domain/escalation/chain';
import type { Person } from '../domain/people/person';
import type { TemplateValues } from '../domain/sms/render';
import type { Task } from '../domain/task/task';
import type { Instant } from '../domain/time/instant';
import type { RegionRuntime } from '../config/region-config';
import type { ElderRepository, Outbox, PersonRepository } from '../ports';
import { PeopleDirectory } from './people-directory';
import { deliveryWatch, smsContent } from './sms-message';

export interface UrgentDeps {
  elders: ElderRepository;
  people: PersonRepository;
  outbox: Outbox;
  runtime: RegionRuntime;
}

/** Where the urgent path acts: the elder, where they live, and what the messages are about. */
export type UrgentSubject = Pick<Task, 'elderId' | 'maskedName' | 'villageCode' | 'villageName'>;

/** The urgent messages of one event: a template for the family, one for staff, their values, and a stable id. */
export interface UrgentMessages {
  /** Prefix of every message id (`emergency#<visitId>`, `alarm#<incidentId>`): queueing twice keeps one of each. */
  idPrefix: string;
  family: { template: string; values: TemplateValues };
  staff: { template: string; values: TemplateValues };
  taskRefs: string[];
}

export interface UrgentResult {
  /** Messages this call queued (a repeat queues none). */
  urgentSms: number;
  liaison?: Person | undefined;
  instructor?: Person | undefined;
}

/** The village liaison and the township instructor of a village (the nearest up the chain). */
export async function villageStaff(people: PersonRepository, villageCode: string): Promise<{ liaison?: Person | undefined; instructor?: Person | undefined }> {
  const chain = await new PeopleDirectory(people).chainFor(villageCode);
  return { liaison: findInChain(villageCode, 'liaison', chain), instructor: findInChain(villageCode, 'instructor', chain) };
}

/**
 * The urgent path (应急处置): SMS at once — quiet hours and per-phone caps do not hold them —
 * to every emergency contact of the elder (民发 004: 同步向紧急联系人发送提示信息), the village
 * liaison and the township instructor. They say something needs attention and who to call,
 * never what was found. Every id derives from `idPrefix`, so a repeat adds nothing.
 */
export async function raiseUrgent(deps: UrgentDeps, subject: UrgentSubject, messages: UrgentMessages, now: Instant): Promise<UrgentResult> {
  const { config } = deps.runtime;
  const staffPeople = await villageStaff(deps.people, subject.villageCode);
  const elder = await deps.elders.get(subject.elderId);
  const contacts = elder?.registration.emergencyContacts ?? [];
  const family = smsContent(config.sms, messages.family.template, messages.family.values);
  const staff = smsContent(config.sms, messages.staff.template, messages.staff.values);
  const sends = [
    ...contacts.map((c, i) => ({ id: `contact${i + 1}`, phone: c.phone, content: family })),
    ...[staffPeople.liaison, staffPeople.instructor].filter((p): p is Person => p !== undefined).map((p) => ({ id: p.personId, phone: p.phone, content: staff })),
  ];
  let urgentSms = 0;
  for (const send of sends) {
    const queued = await deps.outbox.enqueue({
      messageId: `${messages.idPrefix}#${send.id}`,
      ...send.content,
      urgent: true,
      recipientId: send.id,
      phone: send.phone,
      createdAt: now,
      sendAfter: now,
      taskRefs: messages.taskRefs,
      // Urgent: a failed or unconfirmed delivery reaches the instructor's undelivered digest.
      ...deliveryWatch(config.sms, { template: send.content.template, urgent: true, createdAt: now }),
    });
    if (queued === 'queued') urgentSms++;
  }
  return { urgentSms, ...staffPeople };
}

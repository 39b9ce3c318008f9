import { z } from 'zod';
import { visitorProblem } from '../domain/access/access';
import { areaCodeSchema } from '../domain/elder/area-code';
import { ELDER_STATES } from '../domain/elder/registration';
import type { ElderRegistration } from '../domain/elder/registration';
import type { PersonRepository } from '../ports';
import { id } from './route-kit';

/** `POST /elders/{id}/status`: a new status, and for a move inside the deployment where to. */
export const statusBody = z
  .object({
    state: z.enum(ELDER_STATES),
    since: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
    note: z.string().trim().min(1).max(200).optional(),
    /** 迁居: the village (村/社区) of this deployment the elder moved to; the elder stays in the ledger and their open tasks follow. */
    moveTo: z
      .object({ areaCode: areaCodeSchema, areaName: z.string().trim().min(1).max(40), address: z.string().trim().min(1).max(200), visitorId: id.optional() })
      .strict()
      .optional(),
  })
  .strict()
  .refine((b) => b.moveTo === undefined || b.state === 'moved', { path: ['moveTo'], message: 'goes with state "moved" (a move to another village of this deployment)' });

/**
 * The form a status change makes. A move with `moveTo` keeps the elder served: the residence
 * becomes the new village and the status stays active (noted as a move); the visitor is the one
 * named, else the former one if they serve the new village, else nobody (the liaison assigns).
 * Consent withdrawn clears both consents; any other status is set as given.
 */
export async function statusForm(deps: { people: Pick<PersonRepository, 'get'> }, reg: ElderRegistration, body: z.output<typeof statusBody>): Promise<unknown> {
  const note = body.note ? { note: body.note } : {};
  if (body.moveTo) {
    const { visitorId, ...residence } = body.moveTo;
    const former = reg.visitorId !== undefined && visitorProblem(await deps.people.get(reg.visitorId), residence.areaCode) === undefined ? reg.visitorId : undefined;
    const { location: _old, ...rest } = reg.residence;
    return { ...reg, residence: { ...rest, ...residence }, visitorId: visitorId ?? former, status: { state: 'active', since: body.since, note: body.note ?? `迁居至${residence.areaName}` } };
  }
  const consent = body.state === 'consent_withdrawn' ? { ...reg.consent, visits: false, homeVisits: false } : reg.consent;
  return { ...reg, consent, status: { state: body.state, since: body.since, ...note } };
}

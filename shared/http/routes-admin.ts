import { z } from 'zod';
import { applyOccasion } from '../app/apply-occasion';
import { ingestAlert } from '../app/ingest-alert';
import { canAdminister, canManagePerson, canReadRates } from '../domain/access/access';
import { areaCodeSchema } from '../domain/elder/area-code';
import { personSchema } from '../domain/people/person';
import { parseOrThrow, ValidationError } from '../domain/validation';
import { outsideDeployment } from '../domain/elder/deployment';
import { servedCounties } from '../config/region-config';
import { notFound, route } from './api';
import type { AnyRoute } from './api';
import { id, must } from './route-kit';
import type { ApiDeps } from './route-kit';

/** A person as the roster shows them (no phone number: only whether there is one). */
export const personView = z.object({ personId: z.string(), name: z.string(), roles: z.array(z.string()), areaCode: z.string(), active: z.boolean(), hasPhone: z.boolean() });

/** People and weather warnings (visit rates and reports: routes-reports.ts). */
export function adminRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    route({
      method: 'POST',
      path: '/people',
      summary: 'Add or change a visitor or supervisor (roles, area, phone)',
      auth: 'user',
      body: z.record(z.string(), z.unknown()),
      status: 201,
      response: z.object({ personId: z.string() }),
      handle: async ({ principal, body }) => {
        const person = parseOrThrow(personSchema, body, 'person');
        const outside = outsideDeployment(person.areaCode, { area: deps.runtime.config.deploymentArea, counties: servedCounties(deps.runtime.config) });
        if (outside) throw new ValidationError('person', [{ field: 'areaCode', rule: outside }]);
        must(canManagePerson(principal, person));
        const existing = await deps.people.get(person.personId);
        if (existing) must(canManagePerson(principal, existing));
        await deps.people.save(person);
        return { personId: person.personId };
      },
    }),
    route({
      method: 'GET',
      path: '/people/{personId}',
      summary: 'One person: themself, or someone in the area a supervisor covers',
      auth: 'user',
      params: z.object({ personId: id }).strict(),
      response: personView,
      handle: async ({ principal, params }) => {
        const person = await deps.people.get(params.personId);
        if (!person) throw notFound(`no person ${params.personId}`);
        if (person.personId !== principal.personId) must(canReadRates(principal, person.areaCode));
        return { personId: person.personId, name: person.name, roles: [...person.roles], areaCode: person.areaCode, active: person.active, hasPhone: person.phone !== undefined };
      },
    }),
    route({
      method: 'GET',
      path: '/people',
      summary: 'The people attached to an area (supervising roles, inside their own area)',
      auth: 'user',
      query: z.object({ area: areaCodeSchema }).strict(),
      response: z.object({ people: z.array(personView) }),
      handle: async ({ principal, query }) => {
        must(canReadRates(principal, query.area));
        const people = await deps.people.inArea(query.area);
        return { people: people.map((p) => ({ personId: p.personId, name: p.name, roles: [...p.roles], areaCode: p.areaCode, active: p.active, hasPhone: p.phone !== undefined })) };
      },
    }),
    route({
      method: 'POST',
      path: '/alerts',
      summary: 'Post a weather warning in the JSON form (CAP XML goes to the ingest function URL)',
      auth: 'user',
      body: z.record(z.string(), z.unknown()),
      status: 202,
      response: z.object({ outcome: z.string(), occasionId: z.string(), identifier: z.string(), apply: z.boolean() }),
      handle: async ({ principal, body }) => {
        must(canAdminister(principal));
        const result = await ingestAlert(deps, { json: body });
        if (result.apply && deps.applyAlertsInline) await applyOccasion(deps, result.occasionId);
        return result;
      },
    }),
  ];
}

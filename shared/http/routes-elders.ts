import { z } from 'zod';
import { canAdminister, canEditElder, canReadRates, canSupervise, currentVisitors, elderView, redactElder } from '../domain/access/access';
import { isActive } from '../domain/task/lifecycle';
import { areaCodeSchema, areaLevel } from '../domain/elder/area-code';
import { ELDER_STATES, elderRegistrationSchema } from '../domain/elder/registration';
import type { ElderRegistration } from '../domain/elder/registration';
import { parseOrThrow, ValidationError } from '../domain/validation';
import { readCsv } from '../adapters/ledger-files/read-csv';
import { elderIdFor, importLedger, LedgerFileError } from '../app/import-ledger';
import { registerElder } from '../app/register-elder';
import { coversToday } from '../app/visitor-leave';
import { statusBody, statusForm } from './elder-status';
import { localDateOf, toMillis } from '../domain/time/instant';
import { VISIT_FLAGS } from '../domain/visit/verification';
import { ApiProblem, forbidden, notFound, route } from './api';
import type { AnyRoute } from './api';
import { id, must, nowOf } from './route-kit';
import { careSummary } from '../domain/ledger/care-summary';
import { careView } from './care-schemas';
import type { ApiDeps } from './route-kit';

/** A ledger sheet sent in a request body: about 1,000 rows; larger sheets use the CLI or a batch job. */
const MAX_LEDGER_BASE64 = 180 * 1024;

const parseRegistration = (input: unknown): ElderRegistration => parseOrThrow(elderRegistrationSchema, input, 'elder registration');

/** The ledger: elders' records (cut to the caller's view, every read audited), their visits, import. */
export function elderRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    route({
      method: 'GET',
      path: '/elders/{elderId}',
      summary: "An elder's record, cut to what the caller may see (a visitor: no ID number)",
      auth: 'user',
      params: z.object({ elderId: id }).strict(),
      query: z.object({ purpose: z.string().trim().min(2, 'say why you read this record (at least 2 characters)').max(100).optional() }).strict(),
      response: z.object({ view: z.enum(['full', 'visit']), elder: z.record(z.string(), z.unknown()), care: careView }),
      handle: async ({ principal, params, query, requestId }) => {
        const record = await deps.elders.get(params.elderId);
        if (!record) throw notFound(`no elder ${params.elderId}`);
        // A visitor reads the elders whose visits are theirs now: the duty moves with a reassigned task.
        // The colleague covering the elder's visitor's leave reads them too, for the leave's days only.
        const visitors = principal.roles.includes('visitor')
          ? [
              ...currentVisitors(
                record,
                (await deps.tasks.forElder(params.elderId)).filter((t) => isActive(t.state)),
              ),
              ...(await coversToday(deps.leaves, record.visitorId, localDateOf(nowOf(deps)))),
            ]
          : undefined;
        const view = elderView(principal, record, visitors);
        if (view === 'none') throw forbidden(`may not see elder ${params.elderId}`);
        if (view === 'full' && !query.purpose) throw new ApiProblem(400, 'Bad Request', 'a full read (ID number included) needs a purpose', [{ field: 'query.purpose', rule: 'is required for a full read: say why, e.g. 复核低保资格' }]);
        // Every read of sensitive fields is recorded before it is answered.
        await deps.audit.record({ elderId: params.elderId, at: nowOf(deps), personId: principal.personId, roles: [...principal.roles], action: view === 'full' ? 'read_full' : 'read_visit', purpose: query.purpose ?? 'visit', requestId });
        const care = careSummary(record, deps.runtime.policy, nowOf(deps).slice(0, 10));
        return { view, elder: view === 'full' ? redactElder(record.registration, 'full') : redactElder(record.registration, 'visit'), care };
      },
    }),
    route({
      method: 'GET',
      path: '/elders/{elderId}/reads',
      summary: "Who read an elder's sensitive fields, when and why (administrators)",
      auth: 'user',
      params: z.object({ elderId: id }).strict(),
      response: z.object({ reads: z.array(z.object({ at: z.string(), personId: z.string(), roles: z.array(z.string()), action: z.string(), purpose: z.string(), requestId: z.string() })) }),
      handle: async ({ principal, params }) => {
        must(canAdminister(principal));
        const record = await deps.elders.get(params.elderId);
        if (!record) throw notFound(`no elder ${params.elderId}`);
        if (elderView(principal, record) !== 'full') throw forbidden(`may not see elder ${params.elderId}`);
        const reads = await deps.audit.forElder(params.elderId);
        return { reads: reads.map(({ elderId: _e, ...r }) => r) };
      },
    }),
    route({
      method: 'GET',
      path: '/elders',
      summary: 'Elders of an area (county, township or village), a page at a time; names masked, no ID numbers',
      auth: 'user',
      query: z.object({ area: areaCodeSchema, limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(2000).optional() }).strict(),
      response: z.object({ elders: z.array(z.object({ elderId: z.string(), maskedName: z.string(), villageCode: z.string(), villageName: z.string(), visitorId: z.string().optional(), status: z.string() })), next: z.string().optional() }),
      handle: async ({ principal, query }) => {
        must(canReadRates(principal, query.area));
        if (areaLevel(query.area) === 'city' || areaLevel(query.area) === 'province')
          throw new ApiProblem(400, 'Bad Request', 'list a county, township or village', [{ field: 'query.area', rule: 'must be a county, township or village code' }]);
        let page;
        try {
          page = await deps.elders.pageInArea({ county: query.area.slice(0, 6), prefix: query.area }, query.limit, query.cursor);
        } catch (error) {
          // Not base64, not JSON, `null`, a key of another list: not a cursor we gave.
          if (error instanceof ValidationError) throw new ApiProblem(400, 'Bad Request', 'the cursor is not one this list gave', [{ field: 'query.cursor', rule: 'must be the next value of the previous page' }]);
          throw error;
        }
        return {
          elders: page.items.map((e) => ({ elderId: e.elderId, maskedName: e.maskedName, villageCode: e.villageCode, villageName: e.villageName, ...(e.visitorId ? { visitorId: e.visitorId } : {}), status: e.status.state })),
          ...(page.next ? { next: page.next } : {}),
        };
      },
    }),
    route({
      method: 'POST',
      path: '/elders',
      summary: 'Register an elder (信息登记表); the id may be left out: it then comes from the ID number',
      auth: 'user',
      body: z.record(z.string(), z.unknown()),
      status: 201,
      response: z.object({ elderId: z.string(), version: z.number() }),
      handle: async ({ principal, body }) => {
        const form = parseRegistration({ ...body, id: body.id ?? elderIdFor(typeof body.residentId === 'string' ? body.residentId : '', deps.idKey) });
        must(canEditElder(principal, form.residence.areaCode));
        // Create only: the ID number's claim and a conditional write decide, under any concurrency.
        const { record } = await registerElder(deps, form, { mode: 'create', actor: principal });
        return { elderId: record.elderId, version: record.version };
      },
    }),
    route({
      method: 'POST',
      path: '/elders/lookup',
      summary: 'Find an elder by ID number (in the body, so the number never reaches a URL or an access log)',
      auth: 'user',
      body: z.object({ residentId: z.string().regex(/^\d{17}[\dXx]$/, 'must be an 18-character ID number') }).strict(),
      response: z.object({ elderId: z.string() }),
      handle: async ({ principal, body }) => {
        const elderId = await deps.elders.findByResidentId(body.residentId);
        const record = elderId ? await deps.elders.get(elderId) : undefined;
        // Someone outside the elder's area learns nothing, not even that the number is registered.
        if (!record || elderView(principal, record) !== 'full') throw notFound('no elder with that ID number in your area');
        return { elderId: record.elderId };
      },
    }),
    route({
      method: 'PUT',
      path: '/elders/{elderId}',
      summary: "Replace an elder's registration form (version-checked; nothing half-written)",
      auth: 'user',
      params: z.object({ elderId: id }).strict(),
      body: z.record(z.string(), z.unknown()),
      response: z.object({ elderId: z.string(), version: z.number(), tasksCancelled: z.number() }),
      handle: async ({ principal, params, body }) => {
        const form = parseRegistration({ ...body, id: params.elderId });
        const current = await deps.elders.get(params.elderId);
        if (!current) throw notFound(`no elder ${params.elderId}`);
        must(canEditElder(principal, current.villageCode));
        const { record, tasksCancelled } = await registerElder(deps, form, { mode: 'update', actor: principal });
        return { elderId: record.elderId, version: record.version, tasksCancelled };
      },
    }),
    route({
      method: 'POST',
      path: '/elders/{elderId}/status',
      summary: 'Change status: moved (away, or with moveTo to another village here: open tasks follow), hospitalised, deceased, consent withdrawn, or active again (back from hospital: the rest of the period is owed)',
      auth: 'user',
      params: z.object({ elderId: id }).strict(),
      body: statusBody,
      response: z.object({ elderId: z.string(), status: z.string(), tasksCancelled: z.number(), tasksMoved: z.number(), returnTask: z.string().optional() }),
      handle: async ({ principal, params, body }) => {
        const current = await deps.elders.get(params.elderId);
        if (!current) throw notFound(`no elder ${params.elderId}`);
        must(canEditElder(principal, current.villageCode));
        const form = await statusForm(deps, current.registration, body);
        const { record, tasksCancelled, tasksMoved, returnTask } = await registerElder(deps, form, { mode: 'update', actor: principal });
        return { elderId: record.elderId, status: record.status.state, tasksCancelled, tasksMoved, ...(returnTask ? { returnTask } : {}) };
      },
    }),
    route({
      method: 'GET',
      path: '/elders/{elderId}/visits',
      summary: "An elder's visit records with their fake-visit flags, for supervisors of the elder's area",
      auth: 'user',
      params: z.object({ elderId: id }).strict(),
      response: z.object({
        visits: z.array(
          z.object({ visitId: z.string(), taskId: z.string(), visitorId: z.string(), visitedAt: z.string(), method: z.string(), counted: z.boolean(), flags: z.array(z.object({ kind: z.enum(VISIT_FLAGS), detail: z.string() })) }),
        ),
      }),
      handle: async ({ principal, params }) => {
        const record = await deps.elders.get(params.elderId);
        if (!record) throw notFound(`no elder ${params.elderId}`);
        must(canSupervise(principal, record.villageCode));
        const visits = (await deps.visits.forElder(params.elderId)).sort((a, b) => toMillis(b.visitedAt) - toMillis(a.visitedAt));
        return { visits: visits.map((v) => ({ visitId: v.visitId, taskId: v.taskId, visitorId: v.visitorId, visitedAt: v.visitedAt, method: v.method, counted: v.counted, flags: v.flags ?? [] })) };
      },
    }),
    route({
      method: 'POST',
      path: '/ledger/import',
      summary: 'Import a ledger sheet (CSV text, UTF-8 or GBK as base64) with the headers of `tanfang ledger template`',
      auth: 'user',
      body: z.object({ csvBase64: z.string().min(1).max(MAX_LEDGER_BASE64, 'at most 180 KiB here; larger sheets go through `tanfang ledger import`') }).strict(),
      response: z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), badRows: z.number(), bad: z.array(z.object({ row: z.number(), column: z.string(), rule: z.string(), code: z.string(), message: z.string() })) }),
      handle: async ({ principal, body }) => {
        must(canAdminister(principal));
        let report;
        try {
          // The same area checks as PUT /elders/{id}, row by row: a row outside the caller's area is a bad row.
          report = await importLedger(deps, readCsv(Buffer.from(body.csvBase64, 'base64')).rows, { actor: principal });
        } catch (error) {
          if (error instanceof LedgerFileError) throw new ApiProblem(400, 'Bad Request', error.message, [{ field: 'body.csvBase64', rule: error.message }]);
          throw error;
        }
        return { created: report.created, updated: report.updated, unchanged: report.unchanged, badRows: report.badRows, bad: report.bad };
      },
    }),
  ];
}

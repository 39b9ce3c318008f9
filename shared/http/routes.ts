import { z } from 'zod';
import type { Repositories } from '../adapters/dynamodb/repositories';
import { applyOccasion } from '../app/apply-occasion';
import { ingestAlert } from '../app/ingest-alert';
import { recordVisit } from '../app/record-visit';
import { acknowledgeTask, reassignTask, resolveTask, RESOLUTIONS } from '../app/supervise';
import type { RegionRuntime } from '../config/region-config';
import { canAdminister, canEditElder, canManagePerson, canReadRates, canRecordVisit, canSeeTask, canSupervise, elderView, redactElder } from '../domain/access/access';
import type { Decision } from '../domain/access/access';
import { areaCodeSchema, areaLevel } from '../domain/elder/area-code';
import { ELDER_STATES, elderRegistrationSchema } from '../domain/elder/registration';
import type { ElderRegistration } from '../domain/elder/registration';
import { personSchema } from '../domain/people/person';
import { parseOrThrow } from '../domain/validation';
import { readCsv } from '../adapters/ledger-files/read';
import { elderIdFor, importLedger, LedgerFileError } from '../app/import-ledger';
import { registerElder } from '../app/register-elder';
import { visitRate } from '../domain/reports/visit-rate';
import type { Task } from '../domain/task/task';
import { localDateOf, toInstant, toMillis } from '../domain/time/instant';
import { VISIT_FLAGS } from '../domain/visit/verification';
import type { Clock } from '../ports';
import { ApiProblem, forbidden, notFound, route } from './api';
import { openApiDocument } from './openapi';
import type { AnyRoute } from './api';

export const API_VERSION = '1.0.0';

export interface ApiDeps extends Repositories {
  clock: Clock;
  runtime: RegionRuntime;
  /** Locally the runner applies an accepted alert at once; in AWS the table stream does. */
  applyAlertsInline?: boolean;
  /** Key of the keyed hash that names an elder registered without an id (see ledger import). */
  idKey: string;
}

/** A ledger sheet sent in a request body: about 1,000 rows; larger sheets use the CLI or a batch job. */
const MAX_LEDGER_BASE64 = 180 * 1024;

const parseRegistration = (input: unknown): ElderRegistration => parseOrThrow(elderRegistrationSchema, input, 'elder registration');

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or -');
const taskKey = z.object({ elderId: id, taskId: z.string().min(1).max(64) }).strict();

const must = (d: Decision) => {
  if (!d.allowed) throw forbidden(d.reason);
};

/** What a visitor's phone shows of a task: no ID number, no health details. */
const taskView = z.object({
  elderId: z.string(),
  taskId: z.string(),
  kind: z.enum(['routine', 'follow_up', 'special']),
  maskedName: z.string(),
  villageName: z.string(),
  methods: z.array(z.string()),
  homeRequired: z.boolean(),
  start: z.string(),
  end: z.string(),
  dueAt: z.string(),
  state: z.string(),
  escalationLevel: z.number().int(),
});

const toView = (t: Task): z.input<typeof taskView> => ({
  elderId: t.elderId,
  taskId: t.taskId,
  kind: t.kind,
  maskedName: t.maskedName,
  villageName: t.villageName,
  methods: t.methods,
  homeRequired: t.homeRequired,
  start: t.start,
  end: t.end,
  dueAt: t.dueAt,
  state: t.state,
  escalationLevel: t.escalation?.level ?? 0,
});

async function loadTask(deps: ApiDeps, elderId: string, taskId: string): Promise<Task> {
  const task = await deps.tasks.get(elderId, taskId);
  if (!task) throw notFound(`no task ${taskId} for elder ${elderId}`);
  return task;
}

/** The routes of the API, in the order the OpenAPI document lists them. */
export function apiRoutes(deps: ApiDeps): AnyRoute[] {
  const now = () => toInstant(deps.clock.now());
  const superviseDeps = { ...deps };
  return [
    route({
      method: 'GET',
      path: '/health',
      summary: 'Liveness check: the only route without a token',
      auth: 'public',
      response: z.object({ status: z.literal('ok'), region: z.string() }),
      handle: async () => ({ status: 'ok' as const, region: deps.runtime.config.name }),
    }),
    route({
      method: 'GET',
      path: '/openapi.json',
      summary: 'This API as an OpenAPI 3.1 document, generated from the schemas it runs',
      auth: 'user',
      response: z.record(z.string(), z.unknown()),
      handle: async () => openApiDocument(apiRoutes(deps), { title: `Tanfang API (${deps.runtime.config.name})`, version: API_VERSION }),
    }),
    route({
      method: 'GET',
      path: '/me',
      summary: 'The caller: person id, roles and area',
      auth: 'user',
      response: z.object({ personId: z.string(), roles: z.array(z.string()), areaCode: z.string() }),
      handle: async ({ principal }) => ({ personId: principal.personId, roles: [...principal.roles], areaCode: principal.areaCode }),
    }),
    route({
      method: 'GET',
      path: '/tasks',
      summary: "A visitor's tasks: today's, overdue, or upcoming (a supervisor may name a visitor in their area)",
      auth: 'user',
      query: z.object({ view: z.enum(['today', 'overdue', 'upcoming']).default('today'), visitorId: id.optional() }).strict(),
      response: z.object({ tasks: z.array(taskView) }),
      handle: async ({ principal, query }) => {
        const visitorId = query.visitorId ?? principal.personId;
        if (visitorId !== principal.personId) {
          const visitor = await deps.people.get(visitorId);
          if (!visitor) throw notFound(`no person ${visitorId}`);
          must(canReadRates(principal, visitor.areaCode));
        }
        const tasks = await deps.tasks.openForVisitor(visitorId);
        const at = toMillis(now());
        const today = localDateOf(now());
        const visible = tasks.filter((t) => canSeeTask(principal, t).allowed);
        if (tasks.length > 0 && visible.length === 0) throw forbidden(`may not see the tasks of ${visitorId}`);
        const chosen = visible.filter((t) =>
          query.view === 'overdue' ? toMillis(t.dueAt) < at : query.view === 'today' ? t.start <= today && toMillis(t.dueAt) >= at : t.start > today,
        );
        return { tasks: chosen.map(toView) };
      },
    }),
    route({
      method: 'POST',
      path: '/visits',
      summary: 'Record a visit (探访关爱服务记录表) against a task; flags signs of a fake visit',
      auth: 'user',
      // The form itself is validated by the use case with its own schema (every field named).
      body: z.record(z.string(), z.unknown()),
      status: 201,
      response: z.object({
        visitId: z.string(),
        counted: z.boolean(),
        late: z.boolean(),
        notCountedReason: z.string().optional(),
        flags: z.array(z.object({ kind: z.enum(VISIT_FLAGS), detail: z.string() })),
        task: z.object({ state: z.string() }),
        followUp: z.string().optional(),
      }),
      handle: async ({ principal, body }) => {
        const parsed = taskKey.extend({ visitorId: id }).safeParse({ elderId: body.elderId, taskId: body.taskId, visitorId: body.visitorId });
        if (!parsed.success) throw new ApiProblem(400, 'Bad Request', 'the visit record names no task', parsed.error.issues.map((i) => ({ field: `body.${i.path.join('.')}`, rule: i.message })));
        if (parsed.data.visitorId !== principal.personId) throw forbidden('a visitor records their own visits only (visitorId must be the caller)');
        must(canRecordVisit(principal, await loadTask(deps, parsed.data.elderId, parsed.data.taskId)));
        const result = await recordVisit(deps, body);
        return {
          visitId: result.visit.visitId,
          counted: result.visit.counted,
          late: result.visit.late ?? false,
          ...(result.visit.notCountedReason ? { notCountedReason: result.visit.notCountedReason } : {}),
          flags: result.visit.flags ?? [],
          task: { state: result.task.state },
          ...(result.followUps.followUp ? { followUp: `${result.followUps.followUp.elderId}#${result.followUps.followUp.taskId}` } : {}),
        };
      },
    }),
    route({
      method: 'POST',
      path: '/tasks/{elderId}/{taskId}/acknowledge',
      summary: '确认: hold escalation for the acknowledgement period',
      auth: 'user',
      params: taskKey,
      body: z.object({ hours: z.number().int().min(1).max(168).optional() }).strict(),
      response: taskView,
      handle: async ({ principal, params, body }) => toView(await acknowledgeTask(superviseDeps, { ...params, by: principal.personId, ...(body.hours ? { hours: body.hours } : {}) })),
    }),
    route({
      method: 'POST',
      path: '/tasks/{elderId}/{taskId}/reassign',
      summary: '改派: give the task to another visitor (who gets an SMS)',
      auth: 'user',
      params: taskKey,
      body: z.object({ toVisitorId: id, reason: z.string().trim().min(1).max(200) }).strict(),
      response: taskView,
      handle: async ({ principal, params, body }) => toView(await reassignTask(superviseDeps, { ...params, by: principal.personId, ...body })),
    }),
    route({
      method: 'POST',
      path: '/tasks/{elderId}/{taskId}/resolve',
      summary: '办结: close the task with a reason (in hospital, moved, refused…)',
      auth: 'user',
      params: taskKey,
      body: z.object({ resolution: z.enum(RESOLUTIONS), note: z.string().trim().min(1).max(200).optional() }).strict(),
      response: taskView,
      handle: async ({ principal, params, body }) => toView(await resolveTask(superviseDeps, { ...params, by: principal.personId, ...body })),
    }),
    route({
      method: 'GET',
      path: '/elders/{elderId}',
      summary: "An elder's record, cut to what the caller may see (a visitor: no ID number)",
      auth: 'user',
      params: z.object({ elderId: id }).strict(),
      query: z.object({ purpose: z.string().trim().min(2, 'say why you read this record (at least 2 characters)').max(100).optional() }).strict(),
      response: z.object({ view: z.enum(['full', 'visit']), elder: z.record(z.string(), z.unknown()) }),
      handle: async ({ principal, params, query, requestId }) => {
        const record = await deps.elders.get(params.elderId);
        if (!record) throw notFound(`no elder ${params.elderId}`);
        const view = elderView(principal, record);
        if (view === 'none') throw forbidden(`may not see elder ${params.elderId}`);
        if (view === 'full' && !query.purpose) throw new ApiProblem(400, 'Bad Request', 'a full read (ID number included) needs a purpose', [{ field: 'query.purpose', rule: 'is required for a full read: say why, e.g. 复核低保资格' }]);
        // Every read of sensitive fields is recorded before it is answered.
        await deps.audit.record({ elderId: params.elderId, at: now(), personId: principal.personId, roles: [...principal.roles], action: view === 'full' ? 'read_full' : 'read_visit', purpose: query.purpose ?? 'visit', requestId });
        return { view, elder: view === 'full' ? redactElder(record.registration, 'full') : redactElder(record.registration, 'visit') };
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
        if (query.area.length < 6 || areaLevel(query.area) === 'city' || areaLevel(query.area) === 'province') throw new ApiProblem(400, 'Bad Request', 'list a county, township or village', [{ field: 'query.area', rule: 'must be a county, township or village code' }]);
        let page;
        try {
          page = await deps.elders.pageInArea({ county: query.area.slice(0, 6), prefix: query.area }, query.limit, query.cursor);
        } catch (error) {
          if (error instanceof SyntaxError) throw new ApiProblem(400, 'Bad Request', 'the cursor is not one this list gave', [{ field: 'query.cursor', rule: 'must be the next value of the previous page' }]);
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
        const form = parseRegistration({ ...body, id: body.id ?? elderIdFor(String(body.residentId ?? ''), deps.idKey) });
        must(canEditElder(principal, form.residence.areaCode));
        if (await deps.elders.get(form.id)) throw new ApiProblem(409, 'Conflict', `elder ${form.id} is already registered; change them with PUT /elders/${form.id}`);
        const sameNumber = await deps.elders.findByResidentId(form.residentId);
        if (sameNumber) throw new ApiProblem(409, 'Conflict', 'this ID number is already registered', [{ field: 'residentId', rule: `already registered as ${sameNumber}: one person, one record` }]);
        const { record } = await registerElder(deps, form);
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
        must(canEditElder(principal, form.residence.areaCode));
        const { record, tasksCancelled } = await registerElder(deps, form);
        return { elderId: record.elderId, version: record.version, tasksCancelled };
      },
    }),
    route({
      method: 'POST',
      path: '/elders/{elderId}/status',
      summary: 'Change status: moved, hospitalised, deceased, consent withdrawn, or active again (open tasks are cancelled with the reason)',
      auth: 'user',
      params: z.object({ elderId: id }).strict(),
      body: z.object({ state: z.enum(ELDER_STATES), since: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'), note: z.string().trim().min(1).max(200).optional() }).strict(),
      response: z.object({ elderId: z.string(), status: z.string(), tasksCancelled: z.number() }),
      handle: async ({ principal, params, body }) => {
        const current = await deps.elders.get(params.elderId);
        if (!current) throw notFound(`no elder ${params.elderId}`);
        must(canEditElder(principal, current.villageCode));
        const consent = body.state === 'consent_withdrawn' ? { ...current.registration.consent, visits: false, homeVisits: false } : current.registration.consent;
        const { record, tasksCancelled } = await registerElder(deps, { ...current.registration, consent, status: { state: body.state, since: body.since, ...(body.note ? { note: body.note } : {}) } });
        return { elderId: record.elderId, status: record.status.state, tasksCancelled };
      },
    }),
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
        must(canManagePerson(principal, person));
        const existing = await deps.people.get(person.personId);
        if (existing) must(canManagePerson(principal, existing));
        await deps.people.save(person);
        return { personId: person.personId };
      },
    }),
    route({
      method: 'GET',
      path: '/elders/{elderId}/visits',
      summary: "An elder's visit records with their fake-visit flags, for supervisors of the elder's area",
      auth: 'user',
      params: z.object({ elderId: id }).strict(),
      response: z.object({
        visits: z.array(z.object({ visitId: z.string(), taskId: z.string(), visitorId: z.string(), visitedAt: z.string(), method: z.string(), counted: z.boolean(), flags: z.array(z.object({ kind: z.enum(VISIT_FLAGS), detail: z.string() })) })),
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
      method: 'GET',
      path: '/people/{personId}',
      summary: 'One person: themself, or someone in the area a supervisor covers',
      auth: 'user',
      params: z.object({ personId: id }).strict(),
      response: z.object({ personId: z.string(), name: z.string(), roles: z.array(z.string()), areaCode: z.string(), active: z.boolean(), hasPhone: z.boolean() }),
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
      response: z.object({ people: z.array(z.object({ personId: z.string(), name: z.string(), roles: z.array(z.string()), areaCode: z.string(), active: z.boolean(), hasPhone: z.boolean() })) }),
      handle: async ({ principal, query }) => {
        must(canReadRates(principal, query.area));
        const people = await deps.people.inArea(query.area);
        return { people: people.map((p) => ({ personId: p.personId, name: p.name, roles: [...p.roles], areaCode: p.areaCode, active: p.active, hasPhone: p.phone !== undefined })) };
      },
    }),
    route({
      method: 'POST',
      path: '/ledger/import',
      summary: 'Import a ledger sheet (CSV text, UTF-8 or GBK as base64) with the headers of `tanfang ledger template`',
      auth: 'user',
      body: z.object({ csvBase64: z.string().min(1).max(MAX_LEDGER_BASE64, 'at most 180 KiB here; larger sheets go through `tanfang ledger import`') }).strict(),
      response: z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), badRows: z.number(), bad: z.array(z.object({ row: z.number(), column: z.string(), rule: z.string() })) }),
      handle: async ({ principal, body }) => {
        must(canAdminister(principal));
        let report;
        try {
          report = await importLedger(deps, readCsv(Buffer.from(body.csvBase64, 'base64')).rows);
        } catch (error) {
          if (error instanceof LedgerFileError) throw new ApiProblem(400, 'Bad Request', error.message, [{ field: 'body.csvBase64', rule: error.message }]);
          throw error;
        }
        return { created: report.created, updated: report.updated, unchanged: report.unchanged, badRows: report.badRows, bad: report.bad };
      },
    }),
    route({
      method: 'GET',
      path: '/visit-rates',
      summary: '月探访率: the routine visit rate of a township for a month',
      auth: 'user',
      query: z.object({ township: areaCodeSchema, month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM') }).strict(),
      response: z.object({
        township: z.string(),
        month: z.string(),
        due: z.number(),
        completed: z.number(),
        notVisited: z.number(),
        stillOpen: z.number(),
        rate: z.number().nullable(),
        /** Completed tasks whose visit raised a fake-visit flag, by kind (flags do not change the rate). */
        flaggedVisits: z.record(z.string(), z.number()),
      }),
      handle: async ({ principal, query }) => {
        must(canReadRates(principal, query.township));
        const tasks = (await deps.tasks.inAreaMonth(query.township, query.month)).filter((t) => t.kind === 'routine');
        const r = visitRate(tasks, now());
        const flaggedVisits: Record<string, number> = {};
        for (const t of tasks) for (const f of t.visitFlags ?? []) flaggedVisits[f] = (flaggedVisits[f] ?? 0) + 1;
        return { township: query.township, month: query.month, due: r.due, completed: r.completed, notVisited: r.notVisited, stillOpen: r.stillOpen, rate: r.rate, flaggedVisits };
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

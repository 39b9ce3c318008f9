import { z } from 'zod';
import { elderArchive } from '../app/archive';
import { ledgerReport, periodReportFor, visitRateReport } from '../app/reports';
import { areaCodeSchema } from '../domain/elder/area-code';
import { archiveHtml } from '../adapters/archive/archive-html';
import { ApiProblem, route } from './api';
import type { AnyRoute } from './api';
import { answering } from './route-errors';
import { areaQuery, byList, periodText, rateAnswerSchema } from './report-schemas';
import { id } from './route-kit';
import type { ApiDeps } from './route-kit';

const purpose = z.string().trim().min(2, 'say why you read this archive (at least 2 characters)').max(100);

/** Visit rates, ledger statistics, the monthly and quarterly reports, and the elder's archive (一人一档). */
export function reportRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    route({
      method: 'GET',
      path: '/visit-rates',
      summary: '探访率: routine windows closed in a month, ISO week (weekly-rate regions) or quarter, visited in time, for an area or a visitor, against the 100 % target',
      auth: 'user',
      query: z
        .object({ area: areaCodeSchema.optional(), visitor: id.optional(), period: periodText, by: byList.optional() })
        .strict()
        .refine((q) => (q.area === undefined) !== (q.visitor === undefined), { message: 'name exactly one of area and visitor', path: ['area'] }),
      response: rateAnswerSchema,
      handle: ({ principal, query }) => answering(() => visitRateReport(deps, { principal, period: query.period, area: query.area, visitorId: query.visitor, by: query.by })),
    }),
    route({
      method: 'GET',
      path: '/reports/ledger',
      summary: 'Ledger statistics of an area at the end of a period: elders by category, tier, ability and status, joined and left, without a visitor, overdue for review',
      auth: 'user',
      query: areaQuery,
      response: z.record(z.string(), z.unknown()),
      handle: ({ principal, query }) => answering(async () => ({ ...(await ledgerReport(deps, { principal, ...query })) })),
    }),
    ...(['monthly', 'quarterly'] as const).map((kind) =>
      route({
        method: 'GET',
        path: `/reports/${kind}`,
        summary: kind === 'monthly' ? 'The monthly report (按月更新) of a county or the deployment' : 'The quarterly dispatch report (按季调度) of a county or the deployment',
        auth: 'user',
        query: areaQuery,
        response: z.record(z.string(), z.unknown()),
        handle: ({ principal, query }) => answering(async () => ({ ...(await periodReportFor(deps, { principal, ...query, kind })) })),
      }),
    ),
    route({
      method: 'GET',
      path: '/elders/{elderId}/archive',
      summary: "The elder's archive (一人一档): the form, status changes, every visit record in full, needs and measures, follow-ups, escalations, special periods; audited, needs a purpose",
      auth: 'user',
      params: z.object({ elderId: id }).strict(),
      query: z.object({ purpose, format: z.enum(['json', 'html']).default('json') }).strict(),
      response: z.object({ archive: z.record(z.string(), z.unknown()), html: z.string().optional() }),
      handle: async ({ principal, params, query, requestId }) => {
        if (!query.purpose) throw new ApiProblem(400, 'Bad Request', 'the archive needs a purpose', [{ field: 'query.purpose', rule: 'is required' }]);
        const archive = await answering(() => elderArchive(deps, { principal, elderId: params.elderId, purpose: query.purpose, requestId }));
        return { archive: { ...archive }, ...(query.format === 'html' ? { html: archiveHtml(archive) } : {}) };
      },
    }),
  ];
}

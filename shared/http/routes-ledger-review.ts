import { z } from 'zod';
import { recordReview, reviewRequestSchema } from '../app/ledger-review';
import { overdueReviews } from '../app/overdue-reviews';
import { areaCodeSchema } from '../domain/elder/area-code';
import { route } from './api';
import type { AnyRoute } from './api';
import { overdueAnswer, reviewAnswer } from './care-schemas';
import { id } from './route-kit';
import type { ApiDeps } from './route-kit';
import { answering } from './route-errors';

/** The ledger stays current (每半年动态更新一次): recording a review, listing the entries overdue for one. */
export function ledgerReviewRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    route({
      method: 'POST',
      path: '/elders/{elderId}/review',
      summary: 'Record that an elder’s ledger entry was checked and is current (核实无变化), changing nothing else',
      auth: 'user',
      params: z.object({ elderId: id }).strict(),
      body: reviewRequestSchema,
      response: reviewAnswer,
      handle: ({ principal, params, body }) => answering(() => recordReview(deps, { elderId: params.elderId, actor: principal, note: body.note })),
    }),
    route({
      method: 'GET',
      path: '/ledger/reviews/overdue',
      summary: 'Elders of an area whose ledger entry is overdue for review, per village (names masked)',
      auth: 'user',
      query: z.object({ area: areaCodeSchema, limit: z.coerce.number().int().min(1).max(2000).default(500) }).strict(),
      response: overdueAnswer,
      handle: ({ principal, query }) => answering(() => overdueReviews(deps, { principal, area: query.area, limit: query.limit })),
    }),
  ];
}

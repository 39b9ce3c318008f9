import { z } from 'zod';
import { servedCounties } from '../config/region-config';
import { canSupervise } from '../domain/access/access';
import { areaCodeSchema, areaLevel, isWithin } from '../domain/elder/area-code';
import { toMillis } from '../domain/time/instant';
import { route } from './api';
import { answering } from './route-errors';
import type { AnyRoute } from './api';
import { must, nowOf } from './route-kit';
import type { ApiDeps } from './route-kit';

const DAY = 86_400_000;

/** One line of the escalation inbox (督办): who is owed a visit, where, how late, how far up the chain. */
export const escalationView = z.object({
  elderId: z.string(),
  taskId: z.string(),
  kind: z.enum(['routine', 'follow_up', 'special']),
  maskedName: z.string(),
  villageName: z.string(),
  villageCode: z.string(),
  visitorId: z.string().optional(),
  methods: z.array(z.string()),
  dueAt: z.string(),
  /** Whole days since the due time. */
  daysOverdue: z.number().int(),
  /** The ladder level reached: 0 missed but nobody told yet, 1 liaison, 2 instructor, 3 supervisor… */
  level: z.number().int(),
  state: z.string(),
  acknowledged: z.object({ by: z.string(), until: z.string() }).optional(),
});
export const escalationsAnswer = z.object({ escalations: z.array(escalationView), next: z.string().optional() });

/** The supervisors' escalation inbox: overdue tasks of their area, a page at a time. */
export function inboxRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    route({
      method: 'GET',
      path: '/escalations',
      summary: 'Overdue tasks of an area (missed or escalated), with level and days overdue, for the supervisors of that area',
      auth: 'user',
      query: z.object({ area: areaCodeSchema.optional(), limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(2000).optional() }).strict(),
      response: escalationsAnswer,
      handle: async ({ principal, query }) => {
        const area = query.area ?? principal.areaCode;
        must(canSupervise(principal, area));
        const level = areaLevel(area);
        const wide = level === 'city' || level === 'province';
        const counties = wide ? servedCounties(deps.runtime.config).filter((c) => isWithin(c, area)) : [area.slice(0, 6)];
        if (counties.length === 0) return { escalations: [] };
        const page = await answering(() => deps.tasks.escalatedInArea(counties, wide || level === 'county' ? undefined : area, query.limit, query.cursor));
        const now = toMillis(nowOf(deps));
        return {
          escalations: page.items.map((t) => ({
            elderId: t.elderId,
            taskId: t.taskId,
            kind: t.kind,
            maskedName: t.maskedName,
            villageName: t.villageName,
            villageCode: t.villageCode,
            ...(t.visitorId ? { visitorId: t.visitorId } : {}),
            methods: t.methods,
            dueAt: t.dueAt,
            daysOverdue: Math.max(0, Math.floor((now - toMillis(t.dueAt)) / DAY)),
            level: t.escalation?.level ?? 0,
            state: t.state,
            ...(t.escalation?.acknowledged && toMillis(t.escalation.acknowledged.until) > now ? { acknowledged: { by: t.escalation.acknowledged.by, until: t.escalation.acknowledged.until } } : {}),
          })),
          ...(page.next ? { next: page.next } : {}),
        };
      },
    }),
  ];
}

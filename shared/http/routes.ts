import { z } from 'zod';
import { route } from './api';
import { openApiDocument } from './openapi';
import type { AnyRoute } from './api';
import { taskRoutes } from './routes-tasks';
import { elderRoutes } from './routes-elders';
import { adminRoutes } from './routes-admin';
import { reportRoutes } from './routes-reports';
import { supervisionRoutes } from './routes-supervision';
import { authRoutes } from './routes-auth';
import { smsRoutes } from './routes-sms';
import type { ApiDeps } from './route-kit';
import { inboxRoutes } from './routes-inbox';
import { uploadRoutes } from './routes-uploads';
import { careRoutes } from './routes-care';
import { ledgerReviewRoutes } from './routes-ledger-review';
import { deviceRoutes } from './routes-devices';
import { peopleRoutes } from './routes-people';

export const API_VERSION = '1.0.0';

export type { ApiDeps } from './route-kit';

/** The caller, as `GET /me` answers. */
export const meView = z.object({ personId: z.string(), roles: z.array(z.string()), areaCode: z.string() });

/** The routes of the API, in the order the OpenAPI document lists them. */
export function apiRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    route({
      method: 'GET',
      path: '/health',
      summary: 'Liveness check (no token needed)',
      auth: 'public',
      response: z.object({ status: z.literal('ok'), region: z.string() }),
      handle: async () => ({ status: 'ok' as const, region: deps.runtime.config.name }),
    }),
    ...authRoutes(deps),
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
      response: meView,
      handle: async ({ principal }) => ({ personId: principal.personId, roles: [...principal.roles], areaCode: principal.areaCode }),
    }),
    ...taskRoutes(deps),
    ...inboxRoutes(deps),
    ...elderRoutes(deps),
    ...careRoutes(deps),
    ...uploadRoutes(deps),
    ...adminRoutes(deps),
    ...peopleRoutes(deps),
    ...reportRoutes(deps),
    ...supervisionRoutes(deps),
    ...smsRoutes(deps),
    ...ledgerReviewRoutes(deps),
    ...deviceRoutes(deps),
  ];
}

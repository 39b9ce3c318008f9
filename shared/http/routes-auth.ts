import { z } from 'zod';
import { route } from './api';
import type { AnyRoute } from './api';

/**
 * How the field app signs in. Placeholder of the web branch: it always answers `development`
 * (tokens from `tanfang token`); the sign-in branch replaces this file with the real one, which
 * answers `oidc` with the region's issuer in AWS. The field app builds against both shapes.
 */
export const authConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('oidc'), issuer: z.string(), clientId: z.string(), scope: z.string() }),
  z.object({ kind: z.literal('development') }),
]);
export type AuthConfig = z.infer<typeof authConfigSchema>;

export function authRoutes(): AnyRoute[] {
  return [
    route({
      method: 'GET',
      path: '/auth/config',
      summary: 'How the field app signs in: an OIDC issuer in AWS, development tokens locally',
      auth: 'public',
      response: authConfigSchema,
      handle: async () => ({ kind: 'development' as const }),
    }),
  ];
}

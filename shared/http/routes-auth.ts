import { z } from 'zod';
import { route } from './api';
import type { AnyRoute } from './api';
import type { ApiDeps } from './route-kit';

/**
 * What the field app needs to sign in, before it has a token: in AWS the region's OIDC issuer,
 * the field app's client id and the scopes to ask for (authorization code + PKCE against the
 * issuer's discovery document); locally, that sign-in is the development issuer's
 * (`tanfang token`). Public values only: the field app is a public client.
 */
export const authConfigResponseSchema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('oidc'), issuer: z.string(), clientId: z.string(), scope: z.string() }).strict(), z.object({ kind: z.literal('development') }).strict()]);

export type AuthConfigResponse = z.infer<typeof authConfigResponseSchema>;

export function authRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    route({
      method: 'GET',
      path: '/auth/config',
      summary: 'How the field app signs in: the OIDC issuer, client id and scope (no token needed)',
      auth: 'public',
      response: authConfigResponseSchema,
      handle: async (): Promise<AuthConfigResponse> => {
        if (deps.developmentSignIn) return { kind: 'development' };
        const { issuer, client } = deps.runtime.config.auth;
        return { kind: 'oidc', issuer, clientId: client.clientId, scope: client.scope };
      },
    }),
  ];
}

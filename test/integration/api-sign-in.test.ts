import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevIssuer } from '../../shared/adapters/http/dev-issuer';
import type { DevIssuer } from '../../shared/adapters/http/dev-issuer';
import { signDevToken } from '../../shared/adapters/http/dev-tokens';
import { startLocalApi } from '../../shared/adapters/http/local-server';
import { apiRoutes } from '../../shared/http/routes';
import type { ApiDeps } from '../../shared/http/routes';
import { createHandler as apiHandler } from '../../functions/api/handler';
import { lambdaContext } from '../../cli/simulation/lambda-context';
import type { RegionRuntime } from '../../shared/config/region-config';
import { newWorld, savePeople, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const INSTRUCTOR = 'ins-510108001';
let world: World;
let issuer: DevIssuer;
/** Sichuan, as if its province platform named the roster id in `employee_no`. */
let provincial: RegionRuntime;
let api: Awaited<ReturnType<typeof startLocalApi>>;

const deps = (runtime: RegionRuntime, extra: Partial<ApiDeps> = {}): ApiDeps => ({ ...world.repos, clock: world.clock, runtime, idKey: 'test-key', ...extra });

async function get(path: string, authorization?: string) {
  const res = await fetch(`${api.url}${path}`, { headers: authorization ? { authorization } : {} });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  world = await newWorld('sichuan', '2026-11-20T10:00:00+08:00');
  issuer = await createDevIssuer();
  await savePeople(world, [{ personId: INSTRUCTOR, name: '指导员', roles: ['instructor'], areaCode: '510108001', active: true }]);
  provincial = { ...world.runtime, config: { ...world.runtime.config, auth: { ...world.runtime.config.auth, personClaim: 'employee_no' } } };
  api = await startLocalApi(apiRoutes(deps(provincial, { developmentSignIn: true })), (id) => world.repos.people.get(id), {
    now: () => world.clock.now(),
    auth: { issuer, personClaim: provincial.config.auth.personClaim },
  });
});

afterAll(async () => {
  await api?.close();
  await stopDynamo();
});

describe('Sign-in on loopback (tanfang serve)', () => {
  it('accepts a development token naming the person in the claim the region config names', async () => {
    const token = await signDevToken(INSTRUCTOR, [], { issuer, now: world.clock.now(), personClaim: 'employee_no' });
    expect(await get('/me', `Bearer ${token}`)).toMatchObject({ status: 200, json: { personId: INSTRUCTOR, roles: ['instructor'] } });
    // Like API Gateway, the header may carry the token without "Bearer ".
    expect((await get('/me', token)).status).toBe(200);
  });

  it('refuses, with a bare 401, a token with the person in another claim, from another key, or for someone not on the roster', async () => {
    const now = world.clock.now();
    const wrongClaim = await signDevToken(INSTRUCTOR, [], { issuer, now });
    const otherKey = await signDevToken(INSTRUCTOR, [], { issuer: await createDevIssuer(), now, personClaim: 'employee_no' });
    const stranger = await signDevToken('vis-nobody', [], { issuer, now, personClaim: 'employee_no' });
    for (const token of [wrongClaim, otherKey, stranger]) {
      const answer = await get('/me', `Bearer ${token}`);
      expect(answer.status).toBe(401);
      expect(JSON.stringify(answer.json)).not.toMatch(/kid|signature|audience|employee_no/);
    }
  });

  it("tells the field app, without a token, that sign-in is the development issuer's", async () => {
    expect(await get('/auth/config')).toEqual({ status: 200, json: { kind: 'development' } });
  });
});

describe('Sign-in behind API Gateway (the Lambda handler)', () => {
  const event = (path: string, claims?: Record<string, string>) => ({
    rawPath: path,
    rawQueryString: '',
    headers: {},
    requestContext: { http: { method: 'GET' }, requestId: 'r-1', ...(claims ? { authorizer: { jwt: { claims } } } : {}) },
  });

  it("reads the person from the authorizer's claims, in the claim the region config names", async () => {
    const handler = apiHandler(() => deps(provincial));
    const me = await handler(event('/me', { sub: 'someone-else', employee_no: INSTRUCTOR, tanfang_person_id: 'admin-1' }), lambdaContext('api'));
    expect([me.statusCode, JSON.parse(me.body).personId]).toEqual([200, INSTRUCTOR]);
  });

  it('names nobody for a claim API Gateway flattened from a list, an odd or an absent value', async () => {
    const handler = apiHandler(() => deps(provincial));
    const cases: (Record<string, string> | undefined)[] = [{ employee_no: `[${INSTRUCTOR} admin-1]` }, { employee_no: `${INSTRUCTOR} ` }, { sub: INSTRUCTOR }, undefined];
    for (const claims of cases) {
      expect((await handler(event('/me', claims), lambdaContext('api'))).statusCode).toBe(401);
    }
  });

  it('answers GET /auth/config with the OIDC issuer, client id and scope of the region config', async () => {
    const handler = apiHandler(() => deps(world.runtime));
    const answer = await handler(event('/auth/config'), lambdaContext('api'));
    const { issuer: iss, client } = world.runtime.config.auth;
    expect([answer.statusCode, JSON.parse(answer.body)]).toEqual([200, { kind: 'oidc', issuer: iss, clientId: client.clientId, scope: client.scope }]);
  });
});

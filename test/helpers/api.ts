import { signDevToken } from '../../shared/adapters/http/dev-tokens';
import { startLocalApi } from '../../shared/adapters/http/local-server';
import { apiRoutes } from '../../shared/http/routes';
import type { World } from './world';

export interface ApiAnswer {
  status: number;
  type: string | null;
  json: Record<string, unknown> & { errors?: { field: string; rule: string }[] };
  text: string;
}

/** The API on loopback over a world, with a dev token per person id, and a `call` that sends as one of them. */
export async function startTestApi(world: World, people: readonly string[]) {
  const api = await startLocalApi(apiRoutes({ ...world.repos, clock: world.clock, runtime: world.runtime, applyAlertsInline: true, idKey: 'test-key' }), async (id) => world.repos.people.get(id), { now: () => world.clock.now() });
  const tokens = new Map<string, string>();
  for (const id of people) tokens.set(id, await signDevToken(id, [], { now: world.clock.now() }));
  const call = async (method: string, path: string, as?: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> => {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: { ...(as ? { authorization: `Bearer ${tokens.get(as) ?? as}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: ApiAnswer['json'] = {};
    try {
      json = JSON.parse(text) as ApiAnswer['json'];
    } catch {
      // Not JSON: the status says enough, and the text is kept.
    }
    return { status: res.status, type: res.headers.get('content-type'), json, text };
  };
  return { url: api.url, call, close: api.close };
}

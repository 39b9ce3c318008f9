import { reactive } from 'vue';
import type { Me } from '../api/types';

/**
 * The signed-in person. The token lives in this tab's sessionStorage (gone when the tab
 * closes) and in memory, never in localStorage: a shared phone keeps no sign-in behind.
 */
const KEY = 'tanfang.token';

export const session = reactive<{ token: string | undefined; me: Me | undefined }>({ token: sessionStorage.getItem(KEY) ?? undefined, me: undefined });

export const currentToken = (): string | undefined => session.token;

export function signIn(token: string): void {
  session.token = token;
  sessionStorage.setItem(KEY, token);
}

export function signOut(): void {
  session.token = undefined;
  session.me = undefined;
  sessionStorage.removeItem(KEY);
}

export const SUPERVISOR_ROLES = ['liaison', 'instructor', 'supervisor', 'bureau'] as const;

export const hasRole = (me: Me | undefined, ...roles: readonly string[]) => !!me && me.roles.some((r) => roles.includes(r));

/** Where a person starts: visitors their tasks, supervisors the escalation inbox, administrators the ledger. */
export function homeOf(me: Me): string {
  if (hasRole(me, 'visitor')) return '/tasks';
  if (hasRole(me, ...SUPERVISOR_ROLES)) return '/inbox';
  return '/admin/ledger';
}

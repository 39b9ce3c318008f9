import { refusalText } from '../elder/home-visit-consent';
import type { HomeVisitRefusal } from '../elder/home-visit-consent';
import type { HomeVisitConsentRule } from '../policy/care-rules';
import { refusedVisit } from '../policy/home-refusal';
import { VISIT_METHOD_NAMES_ZH } from '../policy/methods';
import { toMillis } from '../time/instant';
import type { Instant } from '../time/instant';
import { isActive } from './lifecycle';
import type { Task } from './task';

/**
 * What an open task becomes when the elder's consent to home visits changes:
 * - refused: at once, every active task becomes one a call or an outdoor meeting completes (a
 *   home-only task the elder refuses could only go missed and escalate);
 * - restored: tasks of windows not yet open go back to what they asked; the window in progress
 *   keeps its task, which a call still completes, so nothing the visitor is working on changes.
 * Undefined when the task stays as it is.
 */
export function underHomeConsent(task: Task, change: 'refused' | 'restored', refusal: HomeVisitRefusal | undefined, rule: HomeVisitConsentRule, at: Instant): Task | undefined {
  if (!isActive(task.state)) return undefined;
  if (change === 'refused') {
    if (!refusal || task.homeRefusal) return undefined;
    const refused = refusedVisit(task, refusal, rule)!;
    const detail = `${refusalText(refusal)}: ${refused.methods.map((m) => VISIT_METHOD_NAMES_ZH[m]).join('/')}完成本任务`;
    return { ...task, ...refused, history: [...task.history, { at, event: 'home_consent', by: 'ledger', detail }], version: task.version + 1 };
  }
  if (!task.homeRefusal || toMillis(task.opensAt) <= toMillis(at)) return undefined;
  const { asked } = task.homeRefusal;
  return {
    ...task,
    homeRefusal: undefined,
    homeRequired: asked.homeRequired,
    methods: [...asked.methods],
    history: [...task.history, { at, event: 'home_consent', by: 'ledger', detail: '同意入户：本窗口恢复原探访方式' }],
    version: task.version + 1,
  };
}

import { createHash } from 'node:crypto';
import type { VisitMethod } from '../../shared/domain/policy/methods';
import type { Task } from '../../shared/domain/task/task';
import { toInstant } from '../../shared/domain/time/instant';
import type { VisitFormInput } from '../../shared/domain/visit/visit-form';
import type { Random } from './random';

// 助浴 is referred (转介) to a home-care centre: the township follows it up (跟踪回访).
const NEEDS = [
  ['助餐 meal delivery', '联系社区食堂每日送餐', 'in_progress'],
  ['助浴 help with bathing', '转介居家养老服务中心上门助浴', 'referred'],
  ['代购 shopping', '网格员每周代购一次', 'in_progress'],
  ['维修 household repair', '联系物业维修', 'in_progress'],
] as const;

/** A plausible visit record (探访关爱服务记录表) for a simulated visit: mostly routine, sometimes a need. */
export function visitForm(task: Task, visitorId: string, at: Date, method: VisitMethod, r: Random): VisitFormInput {
  const change = () =>
    r.weighted([
      ['no_change', 80],
      ['better', 12],
      ['worse', 8],
    ] as const);
  const need = r.chance(0.15) ? r.pick(NEEDS) : undefined;
  return {
    // One visit per task, visitor and day: a stable id, short enough for the form's 64 characters.
    visitId: `v-${task.elderId}-${createHash('sha1')
      .update(`${task.taskId}|${visitorId}|${toInstant(at).slice(0, 10)}`)
      .digest('hex')
      .slice(0, 16)}`,
    elderId: task.elderId,
    taskId: task.taskId,
    visitorId,
    visitedAt: toInstant(at),
    method,
    household: { change: 'none' },
    health: { expression: change(), mobility: change(), illness: { status: 'no_change' } },
    mood: change(),
    safety: { gas: 'safe', waterHeating: 'safe', electricity: r.chance(0.03) ? 'fairly_safe' : 'safe' },
    hygiene: { personal: change(), home: change() },
    indoorEnvironment: change(),
    servicesGiven: ['政策宣传 explained entitlements', '安全提醒 safety reminder'],
    needs: need ? [{ needId: 'n1', description: need[0] }] : [],
    measures: need ? [{ needId: 'n1', description: need[1], status: need[2] }] : [],
    satisfaction: r.weighted([
      ['very_satisfied', 50],
      ['satisfied', 45],
      ['neutral', 5],
    ] as const),
    signatures: { visitor: true, elder: method === 'home' },
  };
}

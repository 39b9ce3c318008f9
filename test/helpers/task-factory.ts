import type { Task } from '../../shared/domain/task/task';

/** A routine task of elder E1 in 天鹅村 for the second half of November 2026, assigned to v1. */
export const aTask = (over: Partial<Task> = {}): Task => ({
  elderId: 'E1', taskId: '2026-11-H2#1', kind: 'routine', tier: 'key', periodId: '2026-11-H2', slot: 1, of: 1, start: '2026-11-16', end: '2026-11-30',
  opensAt: '2026-11-16T00:00:00+08:00', dueAt: '2026-11-30T23:59:59+08:00', homeRequired: true, methods: ['home'], state: 'assigned', visitorId: 'v1',
  maskedName: '张*华', villageCode: '510108001001', villageName: '天鹅村', townshipCode: '510108001', countyCode: '510108', generatedOn: '2026-11-13', createdAt: '2026-11-13T06:00:00+08:00',
  history: [{ at: '2026-11-13T06:00:00+08:00', event: 'create', by: 'generate-tasks', detail: 'visitor v1' }], version: 3, ...over,
});

// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { VisitQueue } from '../../web/src/offline/queue';
import { ApiError } from '../../web/src/api/client';
import type { VisitAnswer, VisitForm } from '../../web/src/api/types';
import { UNEVENTFUL_FINDINGS } from '../helpers/visit-form';

let queue: VisitQueue;
let n = 0;
afterEach(() => queue?.close());

const visit = (visitId: string): VisitForm =>
  ({ visitId, elderId: 'E1', taskId: '2026-11#1', visitorId: 'vis-1', visitedAt: '2026-11-20T10:00:00+08:00', method: 'phone', ...UNEVENTFUL_FINDINGS, signatures: { visitor: true, elder: true } }) as VisitForm;
const answer = (visitId: string): VisitAnswer => ({ visitId, counted: true, late: false, flags: [], task: { state: 'completed' } });
const retryable = (e: unknown) => !(e instanceof ApiError) || e.retryable;

/** A server that stores each visit id once (as POST /visits does) and counts every request. */
function server() {
  const stored = new Map<string, VisitForm>();
  let requests = 0;
  let online = true;
  let refuse: string | undefined;
  return {
    stored,
    requests: () => requests,
    setOnline: (on: boolean) => (online = on),
    refuseNext: (visitId: string) => (refuse = visitId),
    send: async (form: VisitForm) => {
      if (!online) throw new ApiError(0, '网络不可用');
      requests++;
      if (refuse === form.visitId) throw new ApiError(400, 'visit record is invalid: taskId: no task', [{ field: 'taskId', rule: 'no task' }]);
      if (!stored.has(form.visitId)) stored.set(form.visitId, form);
      return answer(form.visitId);
    },
  };
}

describe('the offline visit queue (IndexedDB)', () => {
  it('keeps a visit recorded without signal and sends it, once, when the signal returns', async () => {
    queue = new VisitQueue(`q${++n}`);
    const s = server();
    s.setOnline(false);
    await queue.enqueue(visit('v1'), '张*华 · 天鹅村', 1);
    expect(await queue.flush(s.send, retryable)).toBe(0);
    expect(await queue.get('v1')).toMatchObject({ state: 'queued', attempts: 1, lastError: '网络不可用' });
    s.setOnline(true);
    expect(await queue.flush(s.send, retryable)).toBe(1);
    expect(await queue.flush(s.send, retryable)).toBe(0);
    expect(s.requests()).toBe(1);
    expect(await queue.get('v1')).toMatchObject({ state: 'sent', answer: { counted: true } });
  });

  it('records the same visit id once, however often it is saved', async () => {
    queue = new VisitQueue(`q${++n}`);
    await queue.enqueue(visit('v1'), 'a', 1);
    await queue.enqueue(visit('v1'), 'a', 2);
    expect(await queue.all()).toHaveLength(1);
  });

  it('sends oldest first and stops at the first failure for lack of signal, keeping the rest in order', async () => {
    queue = new VisitQueue(`q${++n}`);
    const s = server();
    const sent: string[] = [];
    let calls = 0;
    const flaky = async (form: VisitForm) => {
      if (++calls === 2) throw new TypeError('Failed to fetch');
      sent.push(form.visitId);
      return s.send(form);
    };
    for (const [i, id] of ['v1', 'v2', 'v3'].entries()) await queue.enqueue(visit(id), id, i);
    expect(await queue.flush(flaky, retryable)).toBe(1);
    expect((await queue.all()).map((v) => v.state)).toEqual(['sent', 'queued', 'queued']);
    expect(await queue.flush(flaky, retryable)).toBe(2);
    expect(sent).toEqual(['v1', 'v2', 'v3']);
  });

  it('keeps a visit the server refuses, visible with the reason, and goes on with the others', async () => {
    queue = new VisitQueue(`q${++n}`);
    const s = server();
    s.refuseNext('v1');
    await queue.enqueue(visit('v1'), 'a', 1);
    await queue.enqueue(visit('v2'), 'b', 2);
    expect(await queue.flush(s.send, retryable)).toBe(1);
    expect(await queue.get('v1')).toMatchObject({ state: 'rejected', lastError: expect.stringContaining('no task') });
    expect(await queue.pending()).toBe(0);
    expect(await queue.flush(s.send, retryable)).toBe(0);
    expect(s.requests()).toBe(2);
  });

  it('two sends at once (the online event and the timer) make one run, one request per visit', async () => {
    queue = new VisitQueue(`q${++n}`);
    const s = server();
    await queue.enqueue(visit('v1'), 'a', 1);
    const [a, b] = await Promise.all([queue.flush(s.send, retryable), queue.flush(s.send, retryable)]);
    expect(a + b).toBe(2);
    expect(s.requests()).toBe(1);
    expect(s.stored.size).toBe(1);
  });

  it('a server error is tried again later; a second delivery of a sent visit is stored once by the server', async () => {
    queue = new VisitQueue(`q${++n}`);
    const s = server();
    let first = true;
    // The server stored the visit but the answer was lost (500 / timeout after the write).
    const lostAnswer = async (form: VisitForm) => {
      await s.send(form);
      if (first) {
        first = false;
        throw new ApiError(503, 'Service Unavailable');
      }
      return answer(form.visitId);
    };
    await queue.enqueue(visit('v1'), 'a', 1);
    expect(await queue.flush(lostAnswer, retryable)).toBe(0);
    expect(await queue.flush(lostAnswer, retryable)).toBe(1);
    expect(s.requests()).toBe(2);
    expect(s.stored.size).toBe(1);
  });
});

import { ref } from 'vue';
import { api, ApiError } from '../api/client';
import type { VisitAnswer, VisitForm } from '../api/types';
import { VisitQueue } from './queue';

/**
 * The app's one queue, and when it is sent: at start, on the browser's `online` event, after
 * each visit, and every 15 s while something waits (a phone with a weak signal often says it
 * is online when nothing gets through, and says nothing when it comes back).
 */
export const queue = new VisitQueue();
export const pendingCount = ref(0);
export const online = ref(navigator.onLine);

const sendVisit = (form: VisitForm) => api<VisitAnswer>('POST', '/visits', form);
const retryable = (error: unknown) => !(error instanceof ApiError) || error.retryable;

export async function syncNow(): Promise<number> {
  const sent = await queue.flush(sendVisit, retryable);
  pendingCount.value = await queue.pending();
  return sent;
}

let started = false;
export function startSync(): void {
  if (started) return;
  started = true;
  window.addEventListener('online', () => {
    online.value = true;
    void syncNow();
  });
  window.addEventListener('offline', () => (online.value = false));
  setInterval(() => {
    if (pendingCount.value > 0 && navigator.onLine) void syncNow();
  }, 15_000);
  void queue.pruneSent(Date.now() - 7 * 86_400_000);
  void syncNow();
}

import Dexie from 'dexie';
import type { EntityTable } from 'dexie';
import type { VisitAnswer, VisitForm } from '../api/types';

/**
 * Visits waiting on the phone (IndexedDB) until there is signal. Every visit goes through the
 * queue, online or not, so there is one path: stored first, then sent. The server keys a visit
 * by its visitId, so sending the same one twice (a lost answer, two tabs) stores it once.
 */
export interface QueuedVisit {
  visitId: string;
  form: VisitForm;
  /** queued: waiting for signal; sent: the server answered; rejected: the server refused it (kept, with the reason). */
  state: 'queued' | 'sent' | 'rejected';
  queuedAt: number;
  attempts: number;
  lastError?: string;
  answer?: VisitAnswer;
  /** What the visitor sees in the list: 张*华 · 某村. */
  label: string;
}

export type Sender = (form: VisitForm) => Promise<VisitAnswer>;

/** Whether an error means "try again later" (no signal, server fault) rather than "this visit is wrong". */
export type IsRetryable = (error: unknown) => boolean;

export class VisitQueue {
  private readonly db: Dexie & { visits: EntityTable<QueuedVisit, 'visitId'> };
  private flushing: Promise<number> | undefined;

  constructor(name = 'tanfang-field') {
    this.db = new Dexie(name) as Dexie & { visits: EntityTable<QueuedVisit, 'visitId'> };
    this.db.version(1).stores({ visits: 'visitId, state, queuedAt' });
  }

  /** Keeps a visit on the phone; the same visitId twice is one visit. */
  async enqueue(form: VisitForm, label: string, now = Date.now()): Promise<void> {
    const existing = await this.db.visits.get(form.visitId);
    if (existing) return;
    await this.db.visits.add({ visitId: form.visitId, form, state: 'queued', queuedAt: now, attempts: 0, label });
  }

  all(): Promise<QueuedVisit[]> {
    return this.db.visits.orderBy('queuedAt').toArray();
  }

  get(visitId: string): Promise<QueuedVisit | undefined> {
    return this.db.visits.get(visitId);
  }

  async pending(): Promise<number> {
    return this.db.visits.where('state').equals('queued').count();
  }

  /**
   * Sends the queued visits oldest first, one at a time. A retryable failure stops the run and
   * leaves that visit (and those after it) queued; a refusal marks the visit rejected with the
   * reason and goes on. Runs once at a time; a second call joins the running one.
   */
  flush(send: Sender, retryable: IsRetryable): Promise<number> {
    this.flushing ??= this.run(send, retryable).finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async run(send: Sender, retryable: IsRetryable): Promise<number> {
    let sent = 0;
    const queued = await this.db.visits.where('state').equals('queued').sortBy('queuedAt');
    for (const item of queued) {
      try {
        const answer = await send(item.form);
        await this.db.visits.update(item.visitId, { state: 'sent', answer, attempts: item.attempts + 1 });
        sent++;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (retryable(error)) {
          await this.db.visits.update(item.visitId, { attempts: item.attempts + 1, lastError: reason });
          break;
        }
        await this.db.visits.update(item.visitId, { state: 'rejected', attempts: item.attempts + 1, lastError: reason });
      }
    }
    return sent;
  }

  /** Forgets sent visits older than `before` (the server has them). */
  async pruneSent(before: number): Promise<void> {
    await this.db.visits
      .where('state')
      .equals('sent')
      .and((v) => v.queuedAt < before)
      .delete();
  }

  close(): void {
    this.db.close();
  }
}

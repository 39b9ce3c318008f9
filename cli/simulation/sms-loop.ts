import { applyReceipts, emptyReceiptReport } from '../../shared/app/sms-receipts';
import type { ReceiptDeps, ReceiptReport } from '../../shared/app/sms-receipts';
import { emptyReplyReport, handleReplies } from '../../shared/app/sms-replies';
import type { ReplyDeps, ReplyReport } from '../../shared/app/sms-replies';
import type { DeliveryReceipt, SmsReply } from '../../shared/domain/sms/callbacks';
import { toMillis } from '../../shared/domain/time/instant';
import type { Instant } from '../../shared/domain/time/instant';
import type { SentSms } from './counting-gateway';
import { plannedReplies } from './replies';

/**
 * The SMS coming back, in the local runner: the local gateway's receipts go through the same
 * receipt use case as a provider's callback, and the replies the simulated people send (decided
 * from the seed as each SMS goes) through the same reply use case, at the time they were written.
 */
export class SmsLoop {
  private queued: SmsReply[] = [];

  constructor(
    private readonly deps: ReceiptDeps & ReplyDeps,
    private readonly carrier: { takeReceipts(): DeliveryReceipt[] },
    private readonly sent: { takeSent(): SentSms[] },
    private readonly seed: number,
  ) {}

  /** After a send run: its receipts applied, and who will answer what it sent. */
  async afterSend(): Promise<ReceiptReport> {
    const receipts = this.carrier.takeReceipts();
    this.queued.push(...plannedReplies(this.seed, this.sent.takeSent()));
    return receipts.length === 0 ? emptyReceiptReport() : applyReceipts(this.deps, receipts);
  }

  /** Adds a reply of the runner's own (a stranger's number). */
  queue(reply: SmsReply): void {
    this.queued.push(reply);
  }

  /** The replies written by `now`, in the order they were written. */
  async repliesDue(now: Instant): Promise<ReplyReport> {
    const due = this.queued.filter((r) => toMillis(r.at) <= toMillis(now)).sort((a, b) => toMillis(a.at) - toMillis(b.at));
    if (due.length === 0) return emptyReplyReport();
    this.queued = this.queued.filter((r) => toMillis(r.at) > toMillis(now));
    return handleReplies(this.deps, due);
  }
}

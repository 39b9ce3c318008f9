import { recordReview } from '../../shared/app/ledger-review';
import { overdueEntries } from '../../shared/app/overdue-reviews';
import { registerElder } from '../../shared/app/register-elder';
import type { RegisterElderDeps } from '../../shared/app/register-elder';
import { remindReviews } from '../../shared/app/remind-reviews';
import type { RemindReviewsReport } from '../../shared/app/remind-reviews';
import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import type { ManualClock } from '../../shared/adapters/local/manual-clock';
import { servedCounties } from '../../shared/config/region-config';
import type { RegionRuntime } from '../../shared/config/region-config';
import type { ElderRegistrationInput } from '../../shared/domain/elder/registration';
import { reviewCutoff } from '../../shared/domain/ledger/review';
import type { Person } from '../../shared/domain/people/person';
import { instantAt, localDateOf, toInstant } from '../../shared/domain/time/instant';
import type { LocalDate } from '../../shared/domain/time/local-date';
import { Random } from './random';

type Deps = Repositories & { clock: ManualClock; runtime: RegionRuntime };

const REASONS = ['担心打扰老人休息', '老人不愿外人进家', '家中有病人需静养', '子女要求电话联系'] as const;

/** What the care steps did on one simulated day. */
export interface CareServedDay {
  refusalRecorded?: { elderId: string; tasksChanged: number };
  refusalWithdrawn?: { elderId: string; tasksChanged: number };
  reminders?: RemindReviewsReport;
  reviewsRecorded: number;
}

/** The first elder (in id order) of the synthetic ledger who matches, for a step that needs one. */
const firstWhere = (regs: readonly ElderRegistrationInput[], f: (r: ElderRegistrationInput) => boolean) => regs.find(f);

/**
 * The care loop as the local runner plays it (issue 12 items 1, 5, 8): the ledger entered over the
 * months before the run, each elder on the day consent was recorded (so the spring's entries fall
 * overdue for the half-yearly review during the run); about 2 % of elders refusing home visits
 * from the start; on day 12 a carer refuses home visits for one more elder (their open
 * home-only tasks become calls); on day 25 one refusal is withdrawn (home visits come back from
 * the next window); on the 1st of each month at 08:00 the review reminder, and in the week after
 * it each liaison reviews most of the entries they were told about.
 */
export class CareServed {
  private readonly refusing = new Set<string>();
  private laterRefusal: ElderRegistrationInput | undefined;
  private withdrawal: ElderRegistrationInput | undefined;
  private reminded = new Map<string, LocalDate>();

  constructor(
    private readonly deps: Deps,
    private readonly people: readonly Person[],
    private readonly seed: number,
    private readonly start: LocalDate,
  ) {}

  /** Registers the ledger in the order the office entered it (consent dates), with the refusals of home visits. */
  async register(registrations: readonly ElderRegistrationInput[]): Promise<void> {
    const forms = registrations.map((r) => this.withRefusal(r));
    this.laterRefusal = firstWhere(forms, (r) => r.consent.homeVisits && r.visitorId !== undefined && r.categories.includes('living_alone'));
    this.withdrawal = firstWhere(forms, (r) => !r.consent.homeVisits && r.visitorId !== undefined);
    const byDay = [...forms].sort((a, b) => a.consent.recordedOn.localeCompare(b.consent.recordedOn) || a.id.localeCompare(b.id));
    for (const form of byDay) {
      this.deps.clock.set(instantAt(form.consent.recordedOn, '10:00:00'));
      // Active since they were entered at the latest: a form may not date its status past the day it is saved.
      const since = form.status?.since !== undefined && form.status.since > form.consent.recordedOn ? form.consent.recordedOn : form.status?.since;
      await registerElder(this.deps, { ...form, ...(form.status ? { status: { ...form.status, ...(since ? { since } : {}) } } : {}) });
    }
  }

  private withRefusal(r: ElderRegistrationInput): ElderRegistrationInput {
    const draw = Random.for(this.seed, `home-refusal:${r.id}`);
    if (!draw.chance(0.02)) return r;
    this.refusing.add(r.id);
    const carer = r.hasChildren && draw.chance(0.6);
    const refusal = { by: carer ? ('carer' as const) : ('elder' as const), ...(carer ? { carerName: r.firstVisitContacts[0]!.name } : {}), on: r.consent.recordedOn, reason: draw.pick(REASONS) };
    return { ...r, consent: { ...r.consent, homeVisits: false, homeVisitRefusal: refusal } };
  }

  /** The care steps of one hour of a simulated day. */
  async atHour(date: LocalDate, hour: number, dayIndex: number, day: CareServedDay): Promise<void> {
    if (hour === 8 && date.endsWith('-01')) {
      this.deps.clock.set(instantAt(date, '08:00:00'));
      day.reminders = await remindReviews(this.deps);
      if (day.reminders.villages > 0) for (const v of await this.overdueVillages()) this.reminded.set(v, date);
    }
    if (hour !== 10) return;
    this.deps.clock.set(instantAt(date, '10:00:00'));
    if (dayIndex === 11 && this.laterRefusal) day.refusalRecorded = await this.changeConsent(this.laterRefusal.id, 'refuse', date);
    if (dayIndex === 24 && this.withdrawal) day.refusalWithdrawn = await this.changeConsent(this.withdrawal.id, 'withdraw', date);
    day.reviewsRecorded += await this.liaisonsReview(date);
  }

  private async changeConsent(elderId: string, change: 'refuse' | 'withdraw', date: LocalDate): Promise<{ elderId: string; tasksChanged: number }> {
    const record = (await this.deps.elders.get(elderId))!;
    const liaison = this.people.find((p) => p.roles.includes('liaison') && p.areaCode === record.villageCode);
    const consent =
      change === 'refuse'
        ? { ...record.registration.consent, homeVisits: false, homeVisitRefusal: { by: 'carer' as const, carerName: record.registration.firstVisitContacts[0]!.name, on: date, reason: '老人术后需静养，子女要求电话联系' } }
        : { visits: record.registration.consent.visits, homeVisits: true, recordedOn: date };
    const result = await registerElder(this.deps as RegisterElderDeps, { ...record.registration, consent }, { mode: 'update', actor: liaison });
    if (change === 'refuse') this.refusing.add(elderId);
    else this.refusing.delete(elderId);
    return { elderId, tasksChanged: result.tasksConsentChanged };
  }

  private async overdueVillages(): Promise<string[]> {
    const today = localDateOf(toInstant(this.deps.clock.now()));
    const entries = await overdueEntries(this.deps, servedCounties(this.deps.runtime.config), reviewCutoff(today, this.deps.runtime.policy.ledgerReview.intervalMonths));
    return [...new Set(entries.map((e) => e.villageCode))];
  }

  /** In the week after a reminder, each overdue entry of a reminded village is checked on a day drawn from the seed (70 % of them). */
  private async liaisonsReview(date: LocalDate): Promise<number> {
    if (this.reminded.size === 0) return 0;
    const today = localDateOf(toInstant(this.deps.clock.now()));
    const due = await overdueEntries(this.deps, servedCounties(this.deps.runtime.config), reviewCutoff(today, this.deps.runtime.policy.ledgerReview.intervalMonths));
    let recorded = 0;
    for (const entry of due) {
      const remindedOn = this.reminded.get(entry.villageCode);
      if (!remindedOn || remindedOn.slice(0, 7) !== date.slice(0, 7)) continue;
      const r = Random.for(this.seed, `review:${entry.elderId}:${remindedOn}`);
      if (!r.chance(0.7) || Number(date.slice(8)) - Number(remindedOn.slice(8)) !== r.int(1, 7)) continue;
      const liaison = this.people.find((p) => p.roles.includes('liaison') && p.areaCode === entry.villageCode);
      if (!liaison) continue;
      await recordReview(this.deps, { elderId: entry.elderId, actor: liaison, note: '入户核实，信息无变化' });
      recorded++;
    }
    return recorded;
  }

  get refusingElders(): string[] {
    return [...this.refusing].sort();
  }

  get changes(): { refused?: string | undefined; withdrawn?: string | undefined } {
    return { refused: this.laterRefusal?.id, withdrawn: this.withdrawal?.id };
  }

  get startedOn(): LocalDate {
    return this.start;
  }
}

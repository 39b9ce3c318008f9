import { generateTasks } from '../../shared/app/generate-tasks';
import type { GenerateTasksReport } from '../../shared/app/generate-tasks';
import { deliverOutbox } from '../../shared/app/send-sms';
import type { DeliveryReport } from '../../shared/app/send-sms';
import { recordVisit } from '../../shared/app/record-visit';
import { registerElder } from '../../shared/app/register-elder';
import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import type { ManualClock } from '../../shared/adapters/local/manual-clock';
import type { RegionRuntime } from '../../shared/config/region-config';
import type { ElderRegistrationInput } from '../../shared/domain/elder/registration';
import type { Person } from '../../shared/domain/people/person';
import type { Task } from '../../shared/domain/task/task';
import { instantAt } from '../../shared/domain/time/instant';
import { addDays, daysBetween } from '../../shared/domain/time/local-date';
import type { LocalDate } from '../../shared/domain/time/local-date';
import type { SmsSender } from '../../shared/ports';
import { createHandler as generateHandler } from '../../functions/generate-tasks/handler';
import { createHandler as sendSmsHandler } from '../../functions/send-sms/handler';
import { lambdaContext } from './lambda-context';
import { Random } from './random';
import { visitForm } from './visit-form';

export interface SimulationOptions {
  seed: number;
  start: LocalDate;
  days: number;
  /** Share of tasks visitors complete inside their window. */
  completionShare: number;
  /** Share of visits made by phone where a home visit was required (stored, not counted). */
  wrongMethodShare: number;
}

export interface DayProgress {
  day: number;
  date: LocalDate;
  generation: GenerateTasksReport;
  visitsRecorded: number;
  visitsCounted: number;
  delivery: DeliveryReport[];
}

export interface SimulationWorld {
  repos: Repositories;
  clock: ManualClock;
  runtime: RegionRuntime;
  sender: SmsSender;
  registrations: ElderRegistrationInput[];
  people: Person[];
}

/**
 * Runs the system day by day on a simulated clock, through the real handlers:
 * 06:00 generate-tasks; visitors record visits through the day; send-sms drains the outbox
 * every two hours in the day (quiet hours hold the 06:00 digests until 08:00).
 */
export async function simulate(world: SimulationWorld, options: SimulationOptions, onDay: (p: DayProgress) => void): Promise<void> {
  const { repos, clock, runtime } = world;
  clock.set(instantAt(addDays(options.start, -1), '20:00:00'));
  for (const person of world.people) await repos.people.save(person);
  for (const registration of world.registrations) await registerElder({ ...repos, clock }, registration);

  const generate = generateHandler(() => ({ ...repos, clock, runtime }));
  const send = sendSmsHandler(() => ({
    outbox: repos.outbox,
    sender: world.sender,
    clock,
    sleep: async () => undefined,
    random: () => 0.5,
    limit: 1000,
    sendsPerSecond: runtime.config.sms.sendsPerSecond,
    maxAttempts: 4,
  }));
  const visitors = world.people.filter((p) => p.roles.includes('visitor'));

  for (let day = 0; day < options.days; day++) {
    const date = addDays(options.start, day);
    clock.set(instantAt(date, `${runtime.config.generation.runAt}:00`));
    const generation = await generate({ trigger: 'local' }, lambdaContext('generate-tasks'));
    let visitsRecorded = 0;
    let visitsCounted = 0;
    for (const visitor of visitors) {
      for (const task of await repos.tasks.openForVisitor(visitor.personId)) {
        const plan = visitPlan(task, options);
        if (plan?.on !== date) continue;
        clock.set(instantAt(date, plan.time));
        const { visit } = await recordVisit({ ...repos, clock, runtime }, visitForm(task, visitor.personId, clock.now(), plan.method, Random.for(options.seed, `form:${task.elderId}#${task.taskId}`)));
        visitsRecorded++;
        if (visit.counted) visitsCounted++;
      }
    }
    const delivery: DeliveryReport[] = [];
    for (const hour of ['08:05', '10:05', '12:05', '14:05', '16:05', '18:05', '20:05']) {
      clock.set(instantAt(date, `${hour}:00`));
      delivery.push(await send({ trigger: 'local' }, lambdaContext('send-sms')));
    }
    onDay({ day, date, generation, visitsRecorded, visitsCounted, delivery });
  }
}

/** Whether, when and how a visitor visits for a task: decided per task from the seed, so reruns agree. */
function visitPlan(task: Task, options: SimulationOptions): { on: LocalDate; time: string; method: Task['methods'][number] } | undefined {
  const r = Random.for(options.seed, `visit:${task.elderId}#${task.taskId}`);
  if (!r.chance(options.completionShare)) return undefined;
  const length = daysBetween(task.start, task.end) + 1;
  const on = addDays(task.start, r.int(0, length - 1));
  const time = `${String(r.int(9, 17)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00`;
  const method = task.homeRequired && r.chance(options.wrongMethodShare) ? 'phone' : task.homeRequired ? 'home' : r.pick(task.methods);
  return { on, time, method };
}

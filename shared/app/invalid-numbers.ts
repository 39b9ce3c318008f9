import { cannotSupervise } from '../domain/people/authority';
import { toInstant } from '../domain/time/instant';
import { ValidationError } from '../domain/validation';
import type { Clock, ElderRepository, Outbox, PersonRepository } from '../ports';
import { ForbiddenError } from './supervise';

export interface InvalidNumbersDeps {
  outbox: Outbox;
  people: Pick<PersonRepository, 'get'>;
  elders: Pick<ElderRepository, 'get'>;
  clock: Clock;
}

/**
 * Takes an SMS off the invalid-number list once the ledger or roster has the right number.
 * Only a supervising person whose area holds the recipient may: the recipient's own area for a
 * person on the roster, else the village of the elder the message was about (a family member).
 */
export async function clearInvalidNumber(deps: InvalidNumbersDeps, input: { messageId: string; by: string }): Promise<void> {
  const message = await deps.outbox.get(input.messageId);
  if (!message) throw new ValidationError('invalid number', [{ field: 'messageId', rule: `no SMS ${input.messageId} in the outbox` }]);
  const recipient = await deps.people.get(message.recipientId);
  const elderId = message.taskRefs?.[0]?.split('#')[0];
  const area = recipient?.areaCode ?? (elderId ? (await deps.elders.get(elderId))?.villageCode : undefined);
  if (!area) throw new ValidationError('invalid number', [{ field: 'messageId', rule: `SMS ${input.messageId} names no person or elder to decide who may clear it` }]);
  const refusal = cannotSupervise(await deps.people.get(input.by), area);
  if (refusal) throw new ForbiddenError(`${input.by} ${refusal}`);
  if (!(await deps.outbox.clearInvalidNumber(input.messageId, input.by, toInstant(deps.clock.now())))) {
    throw new ValidationError('invalid number', [{ field: 'messageId', rule: `${input.messageId} is not on the invalid-number list` }]);
  }
}

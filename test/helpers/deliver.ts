import { deliverOutbox } from '../../shared/app/send-sms';
import type { DeliverOutboxDeps, DeliveryReport } from '../../shared/app/send-sms';
import type { SmsGateway } from '../../shared/domain/sms/provider';
import { ScriptedGateway } from '../fakes/scripted-gateway';
import type { World } from './world';

/** send-sms on a dynalite world, with a gateway that accepts everything unless told otherwise. */
export function deliverDeps(world: World, gateway: SmsGateway = new ScriptedGateway(), over: Partial<DeliverOutboxDeps> = {}): DeliverOutboxDeps {
  return {
    outbox: world.repos.outbox,
    occasions: world.repos.occasions,
    phoneBudget: world.repos.phoneBudget,
    replyTargets: world.repos.replyTargets,
    deliveries: world.repos.deliveries,
    templateStops: world.repos.templateStops,
    gateway,
    sms: world.runtime.config.sms,
    clock: world.clock,
    sleep: async () => undefined,
    random: () => 0,
    limit: 1000,
    sendsPerSecond: 20,
    maxAttempts: 3,
    ...over,
  };
}

export const deliver = (world: World, gateway?: SmsGateway, over?: Partial<DeliverOutboxDeps>): Promise<DeliveryReport> => deliverOutbox(deliverDeps(world, gateway, over));

import { z } from 'zod';
import { CALLBACK_LIMITS } from '../../domain/sms/callbacks';

/** Field rules shared by the providers' callback schemas; every rule says its bound. */
export const boundedText = (max: number) => z.string().max(max, `must be at most ${max} characters`);
export const boundedId = (max: number) => z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** A callback body: a JSON array of at most CALLBACK_LIMITS.maxItems items. */
export const callbackItems = <T extends z.ZodType>(item: T) => z.array(item, { error: 'must be a JSON array of items' }).max(CALLBACK_LIMITS.maxItems, `at most ${CALLBACK_LIMITS.maxItems} items in one callback`);

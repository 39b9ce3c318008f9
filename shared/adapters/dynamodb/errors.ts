import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** True when a conditional write lost: the item exists, or changed since it was read. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || (error instanceof Error && error.name === 'ConditionalCheckFailedException');
}

/** Runs a conditional write; resolves false when its condition failed, rethrows anything else. */
export async function conditionally(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The shape of a roster person id (as `POST /people` accepts it). */
const PERSON_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The roster person a verified token names, read from the claim the region config names.
 * Used by the Lambda handler (claims from API Gateway's JWT authorizer, every value a string)
 * and by the local verifier alike, so both accept exactly the same values: a person id, or an
 * integer an issuer emits as a number. Anything else (a list, an object, an id with other
 * characters, an overlong one) names nobody.
 */
export function personIdFromClaims(claims: Readonly<Record<string, unknown>>, personClaim: string): string | undefined {
  if (!Object.hasOwn(claims, personClaim)) return undefined;
  const value = claims[personClaim];
  const text = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
  return typeof text === 'string' && PERSON_ID.test(text) ? text : undefined;
}

/** The domain object behind an item: the item without the index attributes the adapter added. */
export function withoutAttributes<T>(item: Record<string, unknown>, attributes: readonly string[]): T {
  const copy = { ...item };
  for (const key of attributes) delete copy[key];
  return copy as T;
}

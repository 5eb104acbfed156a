/**
 * Maps items through an async function with at most `limit` calls in flight, keeping the results in
 * input order. Reading thousands of small files one after another waits on each in turn; a few in
 * parallel keep the file system busy without opening thousands of descriptors at once.
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Parallel reads used by the risk checks: enough to hide latency, few enough for any descriptor limit. */
export const READ_CONCURRENCY = 32;

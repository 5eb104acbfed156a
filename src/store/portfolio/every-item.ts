import { MAX_PAGE_SIZE, type Page, type PageRequest } from "./ports.js";

/**
 * Every item of a cursor-paginated list, read page by page at the largest page size: for callers that need
 * the whole list (a project's components, an incident's timeline), so that none of them writes the loop again.
 */
export async function everyItem<T>(read: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read({ limit: MAX_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

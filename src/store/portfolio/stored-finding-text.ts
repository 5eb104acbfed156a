// The JSON text each stored finding was read from, kept beside it (weakly, by object). Comparing texts, or
// looking for an id in one, spares parsing findings that turn out not to matter: an advisory import reads back
// every stored finding of a package, closed ones of earlier advisories included, and parsed each of them.

const texts = new WeakMap<object, string>();

/** Remembers the text a stored finding's `finding` was read from (its JSON.stringify when written). */
export function rememberFindingText(stored: object, text: string): void {
  texts.set(stored, text);
}

/** Forgets it (the finding was replaced). */
export function forgetFindingText(stored: object): void {
  texts.delete(stored);
}

/** The text a stored finding's `finding` was read from; undefined when it was not read from the store. */
export function storedFindingText(stored: object): string | undefined {
  return texts.get(stored);
}

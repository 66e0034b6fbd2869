const PLAIN = /^[A-Za-z0-9]*$/;

/** Folds a name for lookup: no diacritics, lower case, one space between words, no dots. */
export function foldName(name: string): string {
  // Most words are plain ASCII; Unicode decomposition is only needed for the rest.
  if (PLAIN.test(name)) return name.toLowerCase();
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/\./g, '')
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
}

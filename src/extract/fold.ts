/** Folds a name for lookup: no diacritics, lower case, one space between words, no dots. */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/\./g, '')
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
}

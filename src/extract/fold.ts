const PLAIN = /^[A-Za-z0-9]*$/;

// Every token is folded, and news copy repeats its words: a bounded memo of the non-ASCII ones
// (the costly ones) saves the Unicode work. Cleared when full, so memory stays flat.
const memo = new Map<string, string>();
const MEMO_LIMIT = 50_000;

/** Folds a name for lookup: no diacritics, lower case, one space between words, no dots. */
export function foldName(name: string): string {
  // Most words are plain ASCII; Unicode decomposition is only needed for the rest.
  if (PLAIN.test(name)) return name.toLowerCase();
  let folded = memo.get(name);
  if (folded === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    folded = unicodeFold(name);
    memo.set(name, folded);
  }
  return folded;
}

function unicodeFold(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/\./g, '')
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
}

const PLAIN = /^[A-Za-z0-9]*$/;

// Every token is folded, and news copy repeats its words: a bounded memo of the non-ASCII ones
// (the costly ones) saves the Unicode work. Cleared when full, so memory stays flat.
const memo = new Map<string, string>();
const MEMO_LIMIT = 50_000;

/** Folds a name for lookup: no diacritics, lower case, one space between words, no dots. */
export function foldName(name: string): string {
  // Most words are plain ASCII; Unicode decomposition is only needed for the rest.
  if (PLAIN.test(name) || plainWords(name)) return name.toLowerCase();
  let folded = memo.get(name);
  if (folded === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    folded = unicodeFold(name);
    memo.set(name, folded);
  }
  return folded;
}

/**
 * ASCII letters and digits in words one space apart ("new york"): `unicodeFold` of such a name
 * is its lower case, and the names of several words that callers fold are mostly such; they
 * need neither the memo (a fresh string each, hashed into a large map) nor its Unicode work.
 */
function plainWords(name: string): boolean {
  const n = name.length;
  if (n === 0 || name.charCodeAt(0) === 32 || name.charCodeAt(n - 1) === 32) return false;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if (c === 32) {
      if (name.charCodeAt(i + 1) === 32) return false;
    } else if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return true;
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

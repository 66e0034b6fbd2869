/** The integer primary key inside a global id, or null when the id cannot name a row. */
export function databaseId(raw: string | number): number | null {
  const text = String(raw);
  if (!/^\d{1,10}$/.test(text)) return null;
  const id = Number(text);
  return id <= 2_147_483_647 ? id : null;
}

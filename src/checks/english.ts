// English for messages built from facts: sentences, counts, lists (capped: names from a disk can number
// in the tens of thousands).

/** Ends text taken from facts with a full stop unless it already ends a sentence. */
export function sentence(text: string): string {
  const t = text.trim();
  return /[.!?:]$/.test(t) ? t : `${t}.`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "a, b and c" */
export function listText(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * listText of at most `max` items, then "and N more": names from the disk can number in the tens of
 * thousands (a shared lab PC), and a finding must stay readable and the report small.
 */
export function listTextCapped(items: string[], max: number): string {
  if (items.length <= max) return listText(items);
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Unique by key, first occurrence kept, order preserved. */
export function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

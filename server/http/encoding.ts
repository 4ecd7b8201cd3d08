/** The content codings Usher serves precompressed or compresses, best first. */
export type Coding = 'br' | 'gzip';

/**
 * The best coding the client accepts (`Accept-Encoding`), or null for the plain body.
 * Brotli before gzip when both are equally welcome; a coding with `q=0` is refused, and
 * `*` stands for any coding not named.
 */
export function acceptedCoding(header: string | undefined, offered: readonly Coding[] = ['br', 'gzip']): Coding | null {
  if (!header) return null;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  let best: { coding: Coding; weight: number } | null = null;
  for (const coding of offered) {
    const weight = weights.get(coding) ?? weights.get('*') ?? 0;
    if (weight > 0 && (!best || weight > best.weight)) best = { coding, weight };
  }
  return best?.coding ?? null;
}

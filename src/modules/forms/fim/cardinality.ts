/**
 * Anzahl (multiplicity) of a Struktur entry: `min:max` with whole numbers, `*` for no upper limit
 * (XDatenfelder 2.0 and 3.0.0, Struktur/anzahl), e.g. `1:1` mandatory, `0:1` optional, `0:*` any.
 */

export type Cardinality = { min: number; max: number | undefined };

const pattern = /^(\d{1,6}):(\d{1,6}|\*)$/;

/** `undefined` when the text does not follow the format (FIM message 1046). */
export function parseCardinality(text: string): Cardinality | undefined {
  const match = pattern.exec(text.replace(/\s+/g, ''));
  if (!match) return undefined;
  return { min: Number(match[1]), max: match[2] === '*' ? undefined : Number(match[2]) };
}

export function isRepeatable(cardinality: Cardinality): boolean {
  return cardinality.max === undefined || cardinality.max > 1;
}

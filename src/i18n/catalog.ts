// A translation of a catalogue: the same nested keys, every leaf a string.
export type Catalog<T> = { [K in keyof T]: T[K] extends string ? string : Catalog<T[K]> };

/** Every leaf key of a catalogue, dotted (`prune.title`). */
export function catalogKeys(catalog: object, prefix = ''): string[] {
  return Object.entries(catalog).flatMap(([k, v]) =>
    typeof v === 'string' ? [prefix + k] : catalogKeys(v as object, `${prefix}${k}.`),
  );
}

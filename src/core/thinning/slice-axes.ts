// Physically drops indices of a row-major tensor along several axes at once.

/** Removed indices per axis (axis -> indices); axes not listed are kept whole. */
export type AxisRemoval = Map<number, ReadonlySet<number>>;

export function sliceAxes(
  data: Float32Array,
  shape: readonly number[],
  removal: AxisRemoval,
): { data: Float32Array; shape: number[] } {
  const kept = shape.map((dim, axis) => {
    const drop = removal.get(axis);
    const keep: number[] = [];
    for (let k = 0; k < dim; k++) if (!drop?.has(k)) keep.push(k);
    return keep;
  });
  const newShape = kept.map((k) => k.length);
  const total = newShape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(total);
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((a, b) => a * b, 1));
  const rank = shape.length;
  if (total === 0) return { data: out, shape: newShape };
  // Odometer over the kept positions; the innermost axis is copied in a tight loop.
  const pos = new Array<number>(rank).fill(0);
  const innerKeep = kept[rank - 1];
  let w = 0;
  for (;;) {
    let base = 0;
    for (let a = 0; a < rank - 1; a++) base += kept[a][pos[a]] * strides[a];
    for (const k of innerKeep) out[w++] = data[base + k];
    let a = rank - 2;
    while (a >= 0) {
      pos[a]++;
      if (pos[a] < kept[a].length) break;
      pos[a] = 0;
      a--;
    }
    if (a < 0) break;
  }
  return { data: out, shape: newShape };
}

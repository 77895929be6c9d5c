/** A density in [0, 1] as a colour: dense is pale, heavily pruned is deep blue, so pruning reads as ink. */
export function densityColor(density: number): string {
  const d = Math.min(1, Math.max(0, density));
  return `hsl(220 ${Math.round(30 + 50 * (1 - d))}% ${Math.round(28 + 62 * d)}%)`;
}

// Cooperative scheduling: a long sweep lets pending events (a cancel message, a repaint) run, but
// not after every small batch, where the timer round trip would cost more than it gives.
import { CancelledError } from '../eval/evaluate';

const YIELD_EVERY_MS = 40;
let lastYield = 0;

export function yieldNow(): Promise<void> {
  lastYield = Date.now();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Yields when the last yield is more than YIELD_EVERY_MS ago. */
export async function maybeYield(): Promise<void> {
  if (Date.now() - lastYield >= YIELD_EVERY_MS) await yieldNow();
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

// A slice's current worker job: a newer job of the same slice makes an older one's events stale.
export interface JobToken {
  /** takes a fresh id and makes it the current job */
  start(): number;
  isCurrent(id: number): boolean;
  /** the current job's id, 0 when none */
  current(): number;
  clear(): void;
}

export function jobToken(nextJobId: () => number): JobToken {
  let current = 0;
  return {
    start: () => (current = nextJobId()),
    isCurrent: (id) => id === current,
    current: () => current,
    clear: () => {
      current = 0;
    },
  };
}

/**
 * Waiting on events in tests. A test waits for the thing itself (a promise, a condition), never for a fixed time;
 * the limit here is a safety net only: generous on purpose, it turns a hang into a failure that names what never
 * happened. How long things take is measured by `npm run bench`, not asserted.
 */

/** Long enough for anything a test waits on, on a loaded two-core machine. */
export const SAFETY_LIMIT_MS = 5 * 60_000;

export class WaitTimeout extends Error {
  constructor(what: string, limitMs: number) {
    super(`Gave up after ${limitMs / 1000} s waiting for ${what}.`);
    this.name = 'WaitTimeout';
  }
}

/** `promise`, or a WaitTimeout naming `what` if it has not settled after `limitMs`. */
export async function waitFor<T>(what: string, promise: Promise<T>, limitMs = SAFETY_LIMIT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WaitTimeout(what, limitMs)), limitMs);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `read` until it returns something other than undefined; a WaitTimeout naming `what` after `limitMs`. */
export async function eventually<T>(what: string, read: () => T | undefined | Promise<T | undefined>, limitMs = SAFETY_LIMIT_MS): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new WaitTimeout(what, limitMs);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Waits until `fn` answers something truthy and returns it; fails naming `what` after `ms`.
 * For states reached in the background (a scrape, an outbox step, a reconnect), never for timing.
 */
export async function until<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  ms = 15_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

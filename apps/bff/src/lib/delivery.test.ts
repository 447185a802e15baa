import { englishText, messageText } from '@ralf/shared';
import { describe, expect, it } from 'vitest';
import { deliveryNote, nextAttemptIn } from './delivery';

const policy = { forMs: 10 * 60_000, baseMs: 1000, capMs: 60_000 };
const at = (s: number) => new Date(Date.UTC(2026, 10, 30, 10, 0, s));

describe('retrying a delivery to an executor', () => {
  it('backs off doubling to a minute and keeps trying for the whole window, not for half a minute', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => nextAttemptIn(policy, n, at(0), at(0), mid))).toEqual([
      1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000,
    ]);
    // Nine minutes on, a restarting n8n still gets its chance; the last wait ends at the window's end.
    expect(nextAttemptIn(policy, 20, at(0), new Date(at(0).getTime() + 9.5 * 60_000), mid)).toBe(30_000);
    expect(nextAttemptIn(policy, 21, at(0), new Date(at(0).getTime() + 10 * 60_000), mid)).toBeNull();
  });

  it('jitters by a quarter either way, so replicas do not retry in step', () => {
    expect(nextAttemptIn(policy, 3, at(0), at(0), () => 0)).toBe(3000);
    expect(nextAttemptIn(policy, 3, at(0), at(0), () => 1)).toBe(5000);
  });

  it('records each delivery so a repeat can be seen', () => {
    expect(englishText(deliveryNote('n8n', 1, 'k-1'))).toBe('delivery 1 to n8n (Idempotency-Key k-1)');
    expect(messageText('de', deliveryNote('n8n', 2, 'k-1'))).toBe(
      'Zustellung 2 an n8n (Idempotency-Key k-1): eine Wiederholung; kam eine frühere an, verwirft n8n diese anhand des Schlüssels',
    );
  });
});

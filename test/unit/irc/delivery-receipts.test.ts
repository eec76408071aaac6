import { describe, expect, it } from 'vitest';
import { DeliveryReceipts } from '../../../src/adapters/irc/delivery-receipts.js';

describe('DeliveryReceipts', () => {
  it('confirms a delivery when the PONG with its token arrives, and only then', async () => {
    const receipts = new DeliveryReceipts(1_000);
    const first = receipts.expect();
    const second = receipts.expect();
    expect(first.token).not.toBe(second.token);
    let confirmed = false;
    void first.confirmed.then(() => (confirmed = true));
    receipts.pong(second.token);
    receipts.pong('some-other-ping');
    await Promise.resolve();
    expect(confirmed).toBe(false);
    receipts.pong(first.token);
    await expect(first.confirmed).resolves.toBeUndefined();
    await expect(second.confirmed).resolves.toBeUndefined();
  });

  it('fails what is outstanding when the connection closes', async () => {
    const receipts = new DeliveryReceipts(1_000);
    const pending = receipts.expect();
    receipts.failAll('connection closed');
    await expect(pending.confirmed).rejects.toThrow('connection closed');
  });

  it('fails a delivery whose PONG never comes', async () => {
    const receipts = new DeliveryReceipts(20);
    await expect(receipts.expect().confirmed).rejects.toThrow(/did not confirm delivery within 20 ms/);
  });
});

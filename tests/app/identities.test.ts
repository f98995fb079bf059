import { describe, expect, it } from 'vitest';
import { deviceIdentity, existingSenderIdentity, newSenderIdentity } from '../../src/app/identities';
import { generateIdentityKeyPair, keyId } from '../../src/protocol/identity';
import { memoryKeyStore } from '../../src/storage/key-store';

const secret = 'AAAAAAAAAAAAAAAAAAAAAA';

describe('identities', () => {
  it('a room not created here has no sender identity (so its #/send link must ask first)', async () => {
    const store = memoryKeyStore(generateIdentityKeyPair);
    expect(await existingSenderIdentity(secret, store)).toBeUndefined();
  });

  it('a room created here keeps its sender identity, distinct from the device identity', async () => {
    const store = memoryKeyStore(generateIdentityKeyPair);
    const made = await newSenderIdentity(secret, store);
    const again = await existingSenderIdentity(secret, store);
    expect(again?.publicKey).toBe(made.publicKey);
    expect(again?.id).toBe(await keyId(made.publicKey));
    const device = await deviceIdentity(store);
    expect(device.publicKey).not.toBe(made.publicKey);
    expect((await deviceIdentity(store)).id).toBe(device.id);
  });
});

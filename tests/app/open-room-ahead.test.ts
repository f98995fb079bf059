import { afterEach, describe, expect, it } from 'vitest';
import {
  dropRoomAhead,
  OpenRoomError,
  type OpenRoomDeps,
  type OpenRoomOptions,
  openRoom,
  openRoomAhead,
} from '../../src/app/open-room';
import { generateIdentityKeyPair, identityFromKeyPair } from '../../src/protocol/identity';
import { newRoomSecret } from '../../src/protocol/room';
import type { RoomSession } from '../../src/rtc/session';
import { createMemoryHub } from '../../src/signaling/memory';
import type { Transport } from '../../src/signaling/transport';
import { FakePool } from '../rtc/fake-peers';

describe('openRoomAhead', () => {
  const sessions: RoomSession[] = [];
  afterEach(() => {
    dropRoomAhead();
    for (const session of sessions.splice(0)) session.stop();
  });

  /** Fakes that record every transport made. */
  function fakes() {
    const hub = createMemoryHub();
    const transports: Transport[] = [];
    const deps: OpenRoomDeps = {
      fetchConfig: async () => null,
      createTransport: () => {
        const transport = hub.transport();
        transports.push(transport);
        return transport;
      },
      createPool: (role) => new FakePool(role, { onActivity: () => undefined }),
    };
    return { deps, transports };
  }

  const viewer = (secret = newRoomSecret()): OpenRoomOptions => ({
    role: 'viewer',
    secret,
    params: { via: { kind: 'mqtt', url: 'ws://127.0.0.1:1883' } },
    pageUrl: 'https://cam.example:8443/#/view',
    identity: generateIdentityKeyPair().then(identityFromKeyPair),
    name: 'Laptop',
  });

  it("hands the room opened ahead, already connecting, to the screen's openRoom with the same options", async () => {
    const { deps, transports } = fakes();
    const options = viewer();
    openRoomAhead(options, deps);
    await expect.poll(() => transports[0]?.status.state).toBe('connected');
    const session = await openRoom({ ...options, identity: generateIdentityKeyPair().then(identityFromKeyPair) });
    sessions.push(session);
    expect(transports).toHaveLength(1); // the screen made nothing itself
    expect(session.transportStatus.state).toBe('connected');
    // Taken once: the next screen opens its own.
    const again = await openRoom(options, fakes().deps);
    sessions.push(again);
    expect(again).not.toBe(session);
  });

  it('is not taken by another room, and is closed without a word when dropped', async () => {
    const { deps, transports } = fakes();
    openRoomAhead(viewer(), deps);
    const other = fakes();
    const session = await openRoom(viewer(), other.deps);
    sessions.push(session);
    expect(other.transports).toHaveLength(1);
    await expect.poll(() => transports[0]?.status.state).toBe('connected');
    dropRoomAhead();
    await expect.poll(() => transports[0]?.status.state).toBe('closed');
    expect(session.transportStatus.state).not.toBe('closed');
  });

  it('is closed when the screen that takes it has gone meanwhile', async () => {
    const { deps, transports } = fakes();
    const options = viewer();
    openRoomAhead(options, deps);
    const gone = new AbortController();
    gone.abort();
    await expect(openRoom({ ...options, signal: gone.signal })).rejects.toEqual(new OpenRoomError('closed'));
    await expect.poll(() => transports[0]?.status.state).toBe('closed');
  });

  it('opens nothing when the screen opened the room first', async () => {
    const options = viewer();
    const screen = fakes();
    sessions.push(await openRoom(options, screen.deps));
    const { deps, transports } = fakes();
    openRoomAhead(options, deps);
    expect(transports).toHaveLength(0);
  });
});

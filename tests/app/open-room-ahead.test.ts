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
import { deriveRoomKeys, newRoomSecret } from '../../src/protocol/room';
import type { RoomSession } from '../../src/rtc/session';
import { createMemoryHub } from '../../src/signaling/memory';
import type { SignalingChoice } from '../../src/signaling/create-transport';
import type { Transport } from '../../src/signaling/transport';
import { FakePool } from '../rtc/fake-peers';

describe('openRoomAhead', () => {
  const sessions: RoomSession[] = [];
  afterEach(() => {
    dropRoomAhead();
    for (const session of sessions.splice(0)) session.stop();
  });

  /** Fakes that record every transport made (and the signaling chosen for it); `token` is the relay token kept. */
  function fakes(token?: string) {
    const hub = createMemoryHub();
    const transports: Transport[] = [];
    const choices: SignalingChoice[] = [];
    const deps: OpenRoomDeps = {
      fetchConfig: async () => null,
      relayToken: () => token,
      createTransport: (choice) => {
        choices.push(choice);
        const transport = hub.transport();
        transports.push(transport);
        return transport;
      },
      createPool: (role) => new FakePool(role, { onActivity: () => undefined }),
    };
    return { deps, transports, choices, hub };
  }

  /** Everything published on the room's topic, as another transport on the same hub hears it (sealed). */
  async function overhear(hub: ReturnType<typeof createMemoryHub>, secret: string) {
    const heard: string[] = [];
    const listener = hub.transport();
    await listener.connect();
    listener.subscribe((await deriveRoomKeys(secret)).topic, (data) => heard.push(data));
    return { heard, listener };
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

  it('joins at once: its hello is out before any screen takes it, and the screen does not join again', async () => {
    const { deps, hub } = fakes();
    const options = viewer();
    const { heard, listener } = await overhear(hub, options.secret);
    openRoomAhead(options, deps);
    await expect.poll(() => heard.length).toBe(1); // the hello, with no screen yet
    const session = await openRoom(options);
    sessions.push(session);
    session.start(); // as the screen does
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard).toHaveLength(1); // taken started: no second hello
    await listener.close();
  });

  it('says bye when dropped after it joined (no slot held by a session nobody shows)', async () => {
    const { deps, hub } = fakes();
    const options = viewer();
    const { heard, listener } = await overhear(hub, options.secret);
    openRoomAhead(options, deps);
    await expect.poll(() => heard.length).toBe(1);
    dropRoomAhead();
    await expect.poll(() => heard.length).toBe(2); // its bye (a dropped session says nothing else)
    await new Promise((resolve) => setTimeout(resolve, 1500)); // past its first hello re-send
    expect(heard).toHaveLength(2);
    await listener.close();
  });

  it('is not taken by another room, and is closed when dropped', async () => {
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

  it('opens no second session of the room on screen when its mode or via changes (opened by the screen)', async () => {
    const options = viewer();
    sessions.push(await openRoom(options, fakes().deps));
    const { deps, transports } = fakes();
    openRoomAhead({ ...options, params: { ...options.params, mode: 'monitor' } as OpenRoomOptions['params'] }, deps);
    openRoomAhead({ ...options, params: { via: { kind: 'relay', url: 'wss://evil.example/ws' } } }, deps);
    expect(transports).toHaveLength(0);
  });

  it('opens no second session of the room on screen when its via changes (taken by the screen)', async () => {
    const options = viewer();
    const first = fakes();
    openRoomAhead(options, first.deps);
    sessions.push(await openRoom(options, fakes().deps));
    expect(first.transports).toHaveLength(1);
    const { deps, transports } = fakes();
    openRoomAhead({ ...options, params: { via: { kind: 'relay', url: 'wss://evil.example/ws' } } }, deps);
    expect(transports).toHaveLength(0);
    // Another room still opens ahead.
    openRoomAhead(viewer(), deps);
    expect(transports).toHaveLength(1);
  });

  it('a link to another room that comes and goes while the screen is held opens no second session of the room on screen', async () => {
    const options = viewer();
    sessions.push(await openRoom(options, fakes().deps));
    const other = fakes();
    openRoomAhead(viewer(), other.deps); // another link: its room opens ahead, the screen is held
    await expect.poll(() => other.transports[0]?.status.state).toBe('connected');
    const { deps, transports } = fakes();
    openRoomAhead(options, deps); // back to the room on screen before the hold ended: no new screen
    expect(transports).toHaveLength(0);
    await expect.poll(() => other.transports[0]?.status.state).toBe('closed'); // the other room ahead is gone
  });

  it('is not taken when opened with a relay token since replaced: the screen connects with the new one', async () => {
    const options: OpenRoomOptions = { ...viewer(), params: { via: { kind: 'relay', url: 'wss://relay.example/ws' } } };
    const old = fakes('old');
    openRoomAhead(options, old.deps);
    const now = fakes('new');
    const session = await openRoom(options, now.deps);
    sessions.push(session);
    expect(old.choices).toEqual([{ kind: 'relay', url: 'wss://relay.example/ws', token: 'old' }]);
    expect(now.choices).toEqual([{ kind: 'relay', url: 'wss://relay.example/ws', token: 'new' }]);
    await expect.poll(() => old.transports[0]?.status.state).toBe('closed');
  });

  it('is taken when opened on the relay token kept now', async () => {
    const options: OpenRoomOptions = { ...viewer(), params: { via: { kind: 'relay', url: 'wss://relay.example/ws' } } };
    const early = fakes('same');
    openRoomAhead(options, early.deps);
    const screen = fakes('same');
    sessions.push(await openRoom(options, screen.deps));
    expect(screen.transports).toHaveLength(0);
    expect(early.transports).toHaveLength(1);
  });
});

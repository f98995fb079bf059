import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import {
  answerBindingRequest,
  createStunServer,
  decodeXorMappedAddress,
  encodeBindingSuccess,
  parseStunMessage,
  reflexiveAddress,
  stunFingerprint,
  verifyFingerprint,
} from '../../relay/src/stun.js';

// ---------- RFC 5769 test vectors, typed from the RFC ----------

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** RFC 5769 §2.1: sample request (short-term credentials). */
const RFC5769_REQUEST = hex(`
  00 01 00 58  21 12 a4 42  b7 e7 a7 01  bc 34 d6 86  fa 87 df ae
  80 22 00 10  53 54 55 4e  20 74 65 73  74 20 63 6c  69 65 6e 74
  00 24 00 04  6e 00 01 ff
  80 29 00 08  93 2f f9 b1  51 26 3b 36
  00 06 00 09  65 76 74 6a  3a 68 36 76  59 20 20 20
  00 08 00 14  9a ea a7 0c  bf d8 cb 56  78 1e f2 b5  b2 d3 f2 49  c1 b5 71 a2
  80 28 00 04  e5 7a 3b cf`);

/** RFC 5769 §2.2: sample IPv4 response. */
const RFC5769_RESPONSE_IPV4 = hex(`
  01 01 00 3c  21 12 a4 42  b7 e7 a7 01  bc 34 d6 86  fa 87 df ae
  80 22 00 0b  74 65 73 74  20 76 65 63  74 6f 72 20
  00 20 00 08  00 01 a1 47  e1 12 a6 43
  00 08 00 14  2b 91 f5 99  fd 9e 90 c3  8c 74 89 f9  2a f9 ba 53  f0 6b e7 d7
  80 28 00 04  c0 7d 4c 96`);

/** RFC 5769 §2.3: sample IPv6 response. */
const RFC5769_RESPONSE_IPV6 = hex(`
  01 01 00 48  21 12 a4 42  b7 e7 a7 01  bc 34 d6 86  fa 87 df ae
  80 22 00 0b  74 65 73 74  20 76 65 63  74 6f 72 20
  00 20 00 14  00 02 a1 47  01 13 a9 fa  a5 d3 f1 79  bc 25 f4 b5  be d2 b9 d9
  00 08 00 14  a3 82 95 4e  4b e6 7b f1  17 84 c9 7c  82 92 c2 75  bf e3 ed 41
  80 28 00 04  c8 fb 0b 4c`);

/** RFC 5769 §2: the short-term password all three samples are protected with. */
const RFC5769_PASSWORD = 'VOkJxbRl1RmTxUk/WvJxBt';
const RFC5769_TRANSACTION_ID = 'b7e7a701bc34d686fa87dfae';

const ATTR = {
  USERNAME: 0x0006,
  MESSAGE_INTEGRITY: 0x0008,
  XOR_MAPPED_ADDRESS: 0x0020,
  PRIORITY: 0x0024,
  SOFTWARE: 0x8022,
  FINGERPRINT: 0x8028,
  ICE_CONTROLLED: 0x8029,
} as const;

/** Checks MESSAGE-INTEGRITY (RFC 8489 §14.5) of `msg` with a short-term password. */
function integrityMatches(msg: Buffer, password: string): boolean {
  const parsed = parseStunMessage(msg);
  if (!parsed) return false;
  let pos = 20;
  for (const attr of parsed.attributes) {
    if (attr.type === ATTR.MESSAGE_INTEGRITY) {
      const covered = Buffer.from(msg.subarray(0, pos));
      covered.writeUInt16BE(pos + 24 - 20, 2); // length counts up to the end of MESSAGE-INTEGRITY
      const mac = createHmac('sha1', password).update(covered).digest();
      return mac.equals(attr.value);
    }
    pos += 4 + ((attr.value.length + 3) & ~3);
  }
  return false;
}

function attr(msg: ReturnType<typeof parseStunMessage>, type: number): Buffer {
  const found = msg?.attributes.find((a) => a.type === type);
  if (!found) throw new Error(`attribute 0x${type.toString(16)} missing`);
  return found.value;
}

describe('RFC 5769 test vectors', () => {
  it('the vectors are typed in correctly (sizes, FINGERPRINT and MESSAGE-INTEGRITY check out)', () => {
    expect(RFC5769_REQUEST.length).toBe(108);
    expect(RFC5769_RESPONSE_IPV4.length).toBe(80);
    expect(RFC5769_RESPONSE_IPV6.length).toBe(92);
    for (const v of [RFC5769_REQUEST, RFC5769_RESPONSE_IPV4, RFC5769_RESPONSE_IPV6]) {
      expect(verifyFingerprint(v)).toBe(true);
      expect(integrityMatches(v, RFC5769_PASSWORD)).toBe(true);
    }
    expect(stunFingerprint(RFC5769_REQUEST.subarray(0, 100))).toBe(0xe57a3bcf);
    expect(stunFingerprint(RFC5769_RESPONSE_IPV4.subarray(0, 72))).toBe(0xc07d4c96);
    expect(stunFingerprint(RFC5769_RESPONSE_IPV6.subarray(0, 84))).toBe(0xc8fb0b4c);
  });

  it('parses the sample request (2.1) with all its attributes', () => {
    const msg = parseStunMessage(RFC5769_REQUEST);
    expect(msg).toBeDefined();
    expect(msg?.type).toBe(0x0001);
    expect(msg?.length).toBe(0x58);
    expect(msg?.transactionId.toString('hex')).toBe(RFC5769_TRANSACTION_ID);
    expect(msg?.attributes.map((a) => a.type)).toEqual([
      ATTR.SOFTWARE,
      ATTR.PRIORITY,
      ATTR.ICE_CONTROLLED,
      ATTR.USERNAME,
      ATTR.MESSAGE_INTEGRITY,
      ATTR.FINGERPRINT,
    ]);
    expect(attr(msg, ATTR.SOFTWARE).toString('utf8')).toBe('STUN test client');
    expect(attr(msg, ATTR.PRIORITY).readUInt32BE(0)).toBe(0x6e0001ff);
    expect(attr(msg, ATTR.ICE_CONTROLLED).toString('hex')).toBe('932ff9b151263b36');
    expect(attr(msg, ATTR.USERNAME).toString('utf8')).toBe('evtj:h6vY'); // 9 bytes, padding excluded
    expect(attr(msg, ATTR.MESSAGE_INTEGRITY).toString('hex')).toBe('9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2');
    expect(attr(msg, ATTR.FINGERPRINT).readUInt32BE(0)).toBe(0xe57a3bcf);
  });

  it('parses the IPv4 response (2.2): XOR-MAPPED-ADDRESS is 192.0.2.1:32853', () => {
    const msg = parseStunMessage(RFC5769_RESPONSE_IPV4);
    expect(msg?.type).toBe(0x0101);
    expect(msg?.transactionId.toString('hex')).toBe(RFC5769_TRANSACTION_ID);
    expect(attr(msg, ATTR.SOFTWARE).toString('utf8')).toBe('test vector');
    const mapped = decodeXorMappedAddress(attr(msg, ATTR.XOR_MAPPED_ADDRESS), msg!.transactionId);
    expect(mapped).toEqual({ family: 0x01, address: '192.0.2.1', port: 32853 });
  });

  it('parses the IPv6 response (2.3): XOR-MAPPED-ADDRESS is [2001:db8:1234:5678:11:2233:4455:6677]:32853', () => {
    const msg = parseStunMessage(RFC5769_RESPONSE_IPV6);
    expect(msg?.type).toBe(0x0101);
    const mapped = decodeXorMappedAddress(attr(msg, ATTR.XOR_MAPPED_ADDRESS), msg!.transactionId);
    expect(mapped).toEqual({ family: 0x02, address: '2001:db8:1234:5678:11:2233:4455:6677', port: 32853 });
  });

  it("encodeBindingSuccess reproduces the vectors' XOR-MAPPED-ADDRESS bytes exactly", () => {
    const tid = Buffer.from(RFC5769_TRANSACTION_ID, 'hex');
    const v4 = encodeBindingSuccess(tid, '192.0.2.1', 32853, 0x01);
    expect(v4.toString('hex')).toBe(`0101000c2112a442${RFC5769_TRANSACTION_ID}002000080001a147e112a643`);
    expect(v4.subarray(20)).toEqual(RFC5769_RESPONSE_IPV4.subarray(36, 48));
    const v6 = encodeBindingSuccess(tid, '2001:db8:1234:5678:11:2233:4455:6677', 32853, 0x02);
    expect(v6.length).toBe(44);
    expect(v6.readUInt16BE(2)).toBe(24);
    expect(v6.subarray(20)).toEqual(RFC5769_RESPONSE_IPV6.subarray(36, 60));
  });
});

describe('encode / decode', () => {
  const tid = Buffer.from('00112233445566778899aabb', 'hex');

  it('round-trips IPv4 and compressed IPv6 addresses', () => {
    for (const [address, family] of [
      ['127.0.0.1', 0x01],
      ['255.255.255.255', 0x01],
      ['::1', 0x02],
      ['fe80::1', 0x02],
      ['2001:db8::', 0x02],
      ['2001:db8:0:1:0:0:0:1', 0x02],
    ] as const) {
      const out = parseStunMessage(encodeBindingSuccess(tid, address, 65535, family));
      const decoded = decodeXorMappedAddress(out!.attributes[0]!.value, out!.transactionId);
      const expected = address === '2001:db8:0:1:0:0:0:1' ? '2001:db8:0:1::1' : address;
      expect(decoded).toEqual({ family, address: expected, port: 65535 });
    }
  });

  it('adds a correct FINGERPRINT when asked, and a flipped bit breaks it', () => {
    const out = encodeBindingSuccess(tid, '10.1.2.3', 4242, 0x01, { fingerprint: true });
    expect(out.length).toBe(40);
    expect(out.readUInt16BE(2)).toBe(20);
    expect(out.readUInt16BE(32)).toBe(0x8028);
    expect(verifyFingerprint(out)).toBe(true);
    const tampered = Buffer.from(out);
    tampered[27] = (tampered[27] ?? 0) ^ 1;
    expect(verifyFingerprint(tampered)).toBe(false);
  });

  it('decodeXorMappedAddress rejects unknown families and wrong lengths', () => {
    expect(decodeXorMappedAddress(hex('0003a147e112a643'), tid)).toBeUndefined();
    expect(decodeXorMappedAddress(hex('0001a147e112a64300000000'), tid)).toBeUndefined();
    expect(decodeXorMappedAddress(hex('0002a147e112a643'), tid)).toBeUndefined();
    expect(decodeXorMappedAddress(hex('0001a1'), tid)).toBeUndefined();
  });

  it('encodeBindingSuccess throws on a malformed address', () => {
    expect(() => encodeBindingSuccess(tid, '300.1.1.1', 1, 0x01)).toThrow();
    expect(() => encodeBindingSuccess(tid, '::1', 1, 0x01)).toThrow();
    expect(() => encodeBindingSuccess(tid, '1:2:3', 1, 0x02)).toThrow();
  });
});

// ---------- Building requests ----------

/** A Binding request with the given type, attributes and an optional FINGERPRINT. */
function request(opts: { type?: number; attrs?: Array<[number, Buffer]>; fingerprint?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const [type, value] of opts.attrs ?? []) {
    const head = Buffer.alloc(4);
    head.writeUInt16BE(type, 0);
    head.writeUInt16BE(value.length, 2);
    parts.push(head, value, Buffer.alloc(((value.length + 3) & ~3) - value.length));
  }
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(opts.type ?? 0x0001, 0);
  header.writeUInt16BE(body.length + (opts.fingerprint ? 8 : 0), 2);
  header.writeUInt32BE(0x2112a442, 4);
  randomBytes(12).copy(header, 8);
  const msg = Buffer.concat([header, body]);
  if (!opts.fingerprint) return msg;
  const fp = Buffer.alloc(8);
  fp.writeUInt16BE(0x8028, 0);
  fp.writeUInt16BE(4, 2);
  fp.writeUInt32BE(stunFingerprint(msg), 4);
  return Buffer.concat([msg, fp]);
}

const withLength = (msg: Buffer, length: number): Buffer => {
  const out = Buffer.from(msg);
  out.writeUInt16BE(length, 2);
  return out;
};

/** Datagrams the responder must ignore, by name. */
function malformedDatagrams(): Array<[string, Buffer]> {
  const good = request({ attrs: [[ATTR.SOFTWARE, Buffer.from('test')]] }); // 28 bytes
  const wrongCookie = Buffer.from(good);
  wrongCookie.writeUInt32BE(0x2112a443, 4);
  const topBits = Buffer.from(good);
  topBits.writeUInt16BE(0xc001, 0);
  const overrun = Buffer.from(good);
  overrun.writeUInt16BE(9, 22); // SOFTWARE claims 9 bytes (12 padded) in an 8-byte body
  const badFingerprint = request({ fingerprint: true });
  badFingerprint[27] = (badFingerprint[27] ?? 0) ^ 0xff;
  const fingerprintNotLast = Buffer.concat([request({ fingerprint: true }), hex('80220004 74657374')]);
  fingerprintNotLast.writeUInt16BE(16, 2);
  const random = randomBytes(64);
  random[0] = (random[0] ?? 0) | 0x80; // STUN's first two bits are 0: guarantees "not STUN"
  return [
    ['empty', Buffer.alloc(0)],
    ['shorter than the header', good.subarray(0, 19)],
    ['wrong magic cookie', wrongCookie],
    ['RFC 3489 classic request (no cookie)', Buffer.concat([hex('00010000'), randomBytes(16)])],
    ['first two bits not zero', topBits],
    ['length not a multiple of 4', Buffer.concat([withLength(good, 10), Buffer.alloc(2)])],
    ['length larger than the datagram', withLength(good, 12)],
    ['length smaller than the datagram', withLength(good, 4)],
    ['attribute running past the end', overrun],
    ['Binding success response', request({ type: 0x0101, attrs: [[ATTR.SOFTWARE, Buffer.from('test')]] })],
    ['Binding error response', request({ type: 0x0111, attrs: [[ATTR.SOFTWARE, Buffer.from('test')]] })],
    ['Binding indication', request({ type: 0x0011, attrs: [[ATTR.SOFTWARE, Buffer.from('test')]] })],
    ['Allocate request (TURN method 0x003)', request({ type: 0x0003, attrs: [[ATTR.SOFTWARE, Buffer.from('test')]] })],
    ['wrong FINGERPRINT', badFingerprint],
    ['FINGERPRINT not last', fingerprintNotLast],
    ['unknown comprehension-required attribute', request({ attrs: [[0x0033, Buffer.from('abcd')]] })],
    ['CHANGE-REQUEST (RFC 5780, not supported)', request({ attrs: [[0x0003, hex('00000006')]] })],
    ['random bytes', random],
  ];
}

describe('answerBindingRequest (the drop/answer policy, no sockets)', () => {
  it('answers the RFC 5769 request with the same transaction id and an echoed, valid FINGERPRINT', () => {
    const out = answerBindingRequest(RFC5769_REQUEST, '192.0.2.1', 32853);
    expect(out).toBeDefined();
    expect(out!.length).toBe(40);
    const msg = parseStunMessage(out!);
    expect(msg?.type).toBe(0x0101);
    expect(msg?.transactionId.toString('hex')).toBe(RFC5769_TRANSACTION_ID);
    expect(msg?.attributes.map((a) => a.type)).toEqual([ATTR.XOR_MAPPED_ADDRESS, ATTR.FINGERPRINT]);
    expect(verifyFingerprint(out!)).toBe(true);
    expect(out!.subarray(20, 32)).toEqual(RFC5769_RESPONSE_IPV4.subarray(36, 48));
  });

  it('answers a bare 20-byte IPv4 request with 32 bytes (≤ 2×) and no FINGERPRINT', () => {
    const req = request();
    const out = answerBindingRequest(req, '203.0.113.7', 5000);
    expect(out?.length).toBe(32);
    expect(out!.subarray(8, 20)).toEqual(req.subarray(8, 20));
  });

  it('drops a bare 20-byte IPv6 request (a 44-byte answer would exceed 2×) but answers a 24-byte one', () => {
    expect(answerBindingRequest(request(), '2001:db8::1', 5000)).toBeUndefined();
    const req = request({ attrs: [[0x0025, Buffer.alloc(0)]] }); // USE-CANDIDATE: zero-length
    expect(req.length).toBe(24);
    const out = answerBindingRequest(req, '2001:db8::1', 5000);
    expect(out?.length).toBe(44);
    const msg = parseStunMessage(out!);
    expect(decodeXorMappedAddress(msg!.attributes[0]!.value, msg!.transactionId)).toEqual({
      family: 0x02,
      address: '2001:db8::1',
      port: 5000,
    });
  });

  it('unmaps IPv4-mapped addresses from a dual-stack socket to family 0x01', () => {
    expect(reflexiveAddress('::ffff:127.0.0.1')).toEqual({ family: 0x01, address: '127.0.0.1' });
    expect(reflexiveAddress('::1')).toEqual({ family: 0x02, address: '::1' });
    const out = answerBindingRequest(request(), '::ffff:198.51.100.9', 61000);
    const msg = parseStunMessage(out!);
    expect(decodeXorMappedAddress(msg!.attributes[0]!.value, msg!.transactionId)).toEqual({
      family: 0x01,
      address: '198.51.100.9',
      port: 61000,
    });
  });

  it('answers despite MESSAGE-INTEGRITY (no credentials here) and unknown comprehension-optional attributes', () => {
    const req = request({
      attrs: [
        [0x8055, Buffer.from('x')],
        [ATTR.MESSAGE_INTEGRITY, randomBytes(20)],
      ],
    });
    expect(answerBindingRequest(req, '127.0.0.1', 1234)?.length).toBe(32);
  });

  it('drops every malformed or unwanted datagram, and source port 0', () => {
    for (const [name, datagram] of malformedDatagrams()) {
      expect(answerBindingRequest(datagram, '127.0.0.1', 1234), name).toBeUndefined();
    }
    expect(answerBindingRequest(request(), '127.0.0.1', 0)).toBeUndefined();
  });

  it('parseStunMessage rejects the structurally malformed ones', () => {
    const structural = malformedDatagrams().slice(0, 9);
    for (const [name, datagram] of structural) expect(parseStunMessage(datagram), name).toBeUndefined();
  });
});

// ---------- Real UDP ----------

type Family = 'udp4' | 'udp6';

async function openClient(type: Family, address: string): Promise<dgram.Socket> {
  const socket = dgram.createSocket(type);
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, address, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return socket;
}

/** Sends `datagram` and waits up to `timeoutMs` for one reply (undefined if none). */
function exchange(
  client: dgram.Socket,
  host: string,
  port: number,
  datagram: Buffer,
  timeoutMs = 1000,
): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.off('message', onMessage);
      resolve(undefined);
    }, timeoutMs);
    const onMessage = (msg: Buffer) => {
      clearTimeout(timer);
      client.off('message', onMessage);
      resolve(msg);
    };
    client.on('message', onMessage);
    client.send(datagram, port, host);
  });
}

function mappedOf(response: Buffer) {
  const msg = parseStunMessage(response);
  expect(msg?.type).toBe(0x0101);
  const xma = msg!.attributes.find((a) => a.type === ATTR.XOR_MAPPED_ADDRESS);
  return decodeXorMappedAddress(xma!.value, msg!.transactionId);
}

describe('UDP responder on 127.0.0.1', () => {
  let server: ReturnType<typeof createStunServer>;
  let client: dgram.Socket;

  beforeAll(async () => {
    server = createStunServer({ host: '127.0.0.1', port: 0 });
    await server.ready;
    client = await openClient('udp4', '127.0.0.1');
  });
  afterAll(async () => {
    client?.close();
    await server?.close();
  });

  it('binds an ephemeral port', () => {
    expect(server.port).toBeGreaterThan(0);
  });

  it("answers with the client socket's address and port and the same transaction id", async () => {
    const req = request({ attrs: [[ATTR.SOFTWARE, Buffer.from('porthole test')]], fingerprint: true });
    const res = await exchange(client, '127.0.0.1', server.port, req);
    expect(res).toBeDefined();
    expect(res!.subarray(8, 20)).toEqual(req.subarray(8, 20));
    expect(res!.length).toBeLessThanOrEqual(2 * req.length);
    expect(verifyFingerprint(res!)).toBe(true);
    expect(mappedOf(res!)).toEqual({ family: 0x01, address: '127.0.0.1', port: client.address().port });
  });

  it('answers the RFC 5769 sample request', async () => {
    const res = await exchange(client, '127.0.0.1', server.port, RFC5769_REQUEST);
    expect(res?.subarray(8, 20).toString('hex')).toBe(RFC5769_TRANSACTION_ID);
    expect(mappedOf(res!)?.port).toBe(client.address().port);
  });

  it('ignores malformed datagrams (no answer within 200 ms) and still answers afterwards', async () => {
    const before = server.stats();
    const bad = malformedDatagrams();
    const received: Buffer[] = [];
    const collect = (m: Buffer) => received.push(m);
    client.on('message', collect);
    for (const [, datagram] of bad) client.send(datagram, server.port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 200));
    client.off('message', collect);
    expect(received.map((m) => m.toString('hex'))).toEqual([]);
    expect(server.stats().dropped - before.dropped).toBe(bad.length);
    expect(server.stats().answered).toBe(before.answered);

    const req = request();
    const res = await exchange(client, '127.0.0.1', server.port, req);
    expect(res?.length).toBe(32);
    expect(mappedOf(res!)?.port).toBe(client.address().port);
    expect(server.stats().answered).toBe(before.answered + 1);
  });
});

describe('UDP responder on all interfaces (dual-stack when available)', () => {
  it('reports an IPv4 client as plain 127.0.0.1 with family 0x01', async () => {
    const server = createStunServer({ host: '0.0.0.0', port: 0 });
    await server.ready;
    const client = await openClient('udp4', '127.0.0.1');
    try {
      const res = await exchange(client, '127.0.0.1', server.port, request());
      expect(res?.length).toBe(32);
      expect(mappedOf(res!)).toEqual({ family: 0x01, address: '127.0.0.1', port: client.address().port });
    } finally {
      client.close();
      await server.close();
      await server.close(); // idempotent
    }
  });

  it('rejects ready when the port is taken', async () => {
    const first = createStunServer({ host: '127.0.0.1', port: 0 });
    await first.ready;
    const second = createStunServer({ host: '127.0.0.1', port: first.port });
    await expect(second.ready).rejects.toThrow(/EADDRINUSE/);
    await second.close();
    await first.close();
  });
});

/** Whether this machine can bind UDP on ::1. */
async function ipv6Loopback(): Promise<boolean> {
  try {
    (await openClient('udp6', '::1')).close();
    return true;
  } catch {
    return false;
  }
}

describe.runIf(await ipv6Loopback())('UDP responder on ::1', () => {
  let server: ReturnType<typeof createStunServer>;
  let client: dgram.Socket;

  beforeAll(async () => {
    server = createStunServer({ host: '::1', port: 0 });
    await server.ready;
    client = await openClient('udp6', '::1');
  });
  afterAll(async () => {
    client?.close();
    await server?.close();
  });

  it('answers an IPv6 client with its address and port (44 + 8 bytes for a 28-byte request)', async () => {
    const req = request({ fingerprint: true });
    expect(req.length).toBe(28);
    const res = await exchange(client, '::1', server.port, req);
    expect(res?.length).toBe(52);
    expect(res!.subarray(8, 20)).toEqual(req.subarray(8, 20));
    expect(verifyFingerprint(res!)).toBe(true);
    expect(mappedOf(res!)).toEqual({ family: 0x02, address: '::1', port: client.address().port });
  });

  it('drops a bare 20-byte IPv6 request (its answer would be 2.2× the request)', async () => {
    const before = server.stats().dropped;
    expect(await exchange(client, '::1', server.port, request(), 200)).toBeUndefined();
    expect(server.stats().dropped).toBe(before + 1);
  });
});

// ---------- An independent client: coturn's turnutils_stunclient ----------

const STUNCLIENT = 'turnutils_stunclient';

function runStunClient(port: number): Promise<{ ok: boolean; missing: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(STUNCLIENT, ['-p', String(port), '127.0.0.1'], { timeout: 5000 }, (err, stdout, stderr) => {
      const missing = (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';
      resolve({ ok: !err, missing, output: `${stdout}${stderr}` });
    });
  });
}

function reportedAddress(output: string): { address: string; port: number } | undefined {
  const m = /UDP reflexive addr:\s*([\d.]+):(\d+)/.exec(output);
  return m ? { address: m[1]!, port: Number(m[2]) } : undefined;
}

describe('coturn turnutils_stunclient against the responder', () => {
  let server: ReturnType<typeof createStunServer>;
  beforeAll(async () => {
    server = createStunServer({ host: '127.0.0.1', port: 0 });
    await server.ready;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reports 127.0.0.1 and a real port', async (ctx) => {
    const before = server.stats().answered;
    const run = await runStunClient(server.port);
    if (run.missing) ctx.skip(`${STUNCLIENT} not installed (Debian package coturn)`);
    expect(run.ok, run.output).toBe(true);
    const reported = reportedAddress(run.output);
    expect(reported?.address, run.output).toBe('127.0.0.1');
    expect(reported!.port).toBeGreaterThan(0);
    expect(server.stats().answered).toBe(before + 1);
  });

  it('reports exactly the port the request came from (checked through a forwarding socket)', async (ctx) => {
    // turnutils picks its own ephemeral port; put a forwarder in between whose outgoing
    // port we know: the responder must report that port, and turnutils must decode it.
    const front = await openClient('udp4', '127.0.0.1');
    const back = await openClient('udp4', '127.0.0.1');
    let toolPort = 0;
    front.on('message', (m, rinfo) => {
      toolPort = rinfo.port;
      back.send(m, server.port, '127.0.0.1');
    });
    back.on('message', (m) => front.send(m, toolPort, '127.0.0.1'));
    try {
      const run = await runStunClient(front.address().port);
      if (run.missing) ctx.skip(`${STUNCLIENT} not installed (Debian package coturn)`);
      expect(run.ok, run.output).toBe(true);
      expect(reportedAddress(run.output), run.output).toEqual({ address: '127.0.0.1', port: back.address().port });
      expect(toolPort).not.toBe(back.address().port);
    } finally {
      front.close();
      back.close();
    }
  });
});

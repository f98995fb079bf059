import mqttPacket from 'mqtt-packet';

/** mqtt-packet's CONNECT (MQTT 3.1.1, clean session), as mqtt.js writes it, with a will of `willBytes` bytes if given. */
export function connectPacket(willBytes?: number): Uint8Array {
  return new Uint8Array(
    mqttPacket.generate({
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clean: true,
      keepalive: 60,
      clientId: 'porthole_0123456789ab',
      ...(willBytes === undefined
        ? {}
        : { will: { topic: 'porthole/2/room', payload: Buffer.from('w'.repeat(willBytes)), qos: 0, retain: false } }),
    }),
  );
}

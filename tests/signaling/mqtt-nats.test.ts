import { natsServerBinary, startNatsServer } from '../helpers/nats-server';
import { mqttHarness } from './mqtt-harness';
import { transportContract } from './transport-contract';

transportContract(
  'MQTT on NATS',
  async () => mqttHarness(await startNatsServer()),
  natsServerBinary ? undefined : 'nats-server is not installed: apt-get install nats-server',
);

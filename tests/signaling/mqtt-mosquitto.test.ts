import { mosquittoBinary, startMosquitto } from '../helpers/mosquitto';
import { mqttHarness } from './mqtt-harness';
import { transportContract } from './transport-contract';

transportContract(
  'MQTT on Mosquitto',
  async () => mqttHarness(await startMosquitto()),
  mosquittoBinary ? undefined : 'mosquitto is not installed: apt-get install mosquitto',
);

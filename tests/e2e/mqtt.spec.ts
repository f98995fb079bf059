import { signalingSuite } from './signaling-suite';

signalingSuite('mqtt');

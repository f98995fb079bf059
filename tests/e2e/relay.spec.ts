import { signalingSuite } from './signaling-suite';

signalingSuite('relay');

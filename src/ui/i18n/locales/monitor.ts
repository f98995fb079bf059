import { defineArea } from './define';

/** Messages of monitor mode on the viewer: the dead-camera alarm, the sound and motion alerts. Placeholders are written {name}. */
export const monitor = defineArea(
  {
    'monitor.title': 'Monitor',
  },
  {
    'monitor.title': '监控',
  },
);

import { defineArea } from './define';

/**
 * Messages of the line between viewer and camera: what the sender reports (battery, throttling),
 * what the viewer asks of it (talk back, low data, torch), and the sender's monitor screen.
 */
export const cameraLink = defineArea(
  {
    'cameraLink.title': 'Camera',
  },
  {
    'cameraLink.title': '摄像头',
  },
);

import { defineArea } from './define';

/** Messages of the confirmation shown before a `#/send` link made elsewhere turns the camera on. */
export const consent = defineArea(
  {
    'consent.title': 'Start sending your camera?',
    'consent.body':
      'This link was not made on this device. If you continue, this device turns on its camera and microphone and sends them live to whoever has the viewer link of this room.',
    'consent.warning': 'Only continue if you asked for this link yourself.',
    'consent.confirm': 'Start camera and send',
    'consent.cancel': 'Cancel',
  },
  {
    'consent.title': '要开始发送摄像头画面吗？',
    'consent.body':
      '这个链接不是在本设备上创建的。继续后，本设备会打开摄像头和麦克风，并把画面和声音实时发送给持有这个房间观看链接的任何人。',
    'consent.warning': '只有在你自己需要这个链接时才继续。',
    'consent.confirm': '打开摄像头并发送',
    'consent.cancel': '取消',
  },
);

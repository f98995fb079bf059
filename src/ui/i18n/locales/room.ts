import { defineArea } from './define';

/** Messages shared by both role screens: the link, the server connection, the camera. Placeholders are written {name}. */
export const room = defineArea(
  {
    'room.badLink': 'This link is not valid: part of it is missing or damaged. Ask for a new link.',
    'room.badVia':
      'This link is not valid: the server address in it is damaged or carries a password or token, which links never do. Ask for a new link.',
    'room.badIce':
      'This link is not valid: its connection settings (STUN/TURN servers) are damaged. Ask for a new link.',
    'room.error': 'Something went wrong.',
    'room.signal.connected': 'Server: connected to {endpoint}',
    'room.signal.connecting': 'Server: connecting to {endpoint}…',
    'room.signal.retrying': 'Server: cannot reach {endpoint}{detail}; retrying (attempt {attempt})…',
    'room.signal.unreachable':
      "Cannot reach the server {endpoint}{detail}. Check this device's internet connection. Retrying…",
    'room.signal.unreachable.sender':
      "Cannot reach the server {endpoint}{detail}. Check this device's internet connection, or choose another server in Settings. Retrying…",
    'room.signal.unreachable.viewer':
      "Cannot reach the server {endpoint}{detail}. Check this device's internet connection, or ask the sender for a new link. Retrying…",
    'room.signal.closed': 'Server: disconnected',
    'room.signal.idle': 'Server: not connected yet',
    'room.camera.unsupported': 'This browser cannot use a camera here. Open Porthole over HTTPS (or localhost).',
    'room.camera.denied': 'The camera is blocked for this site. Allow the camera, then try again.',
    'room.camera.notFound': 'No camera was found on this device.',
    'room.camera.busy': 'The camera is in use by another app.',
    'room.camera.other': 'The camera could not be opened ({name}).',
    'room.retry': 'Try again',
    'room.clock':
      "The other device's messages carry a time more than an hour away from this device's clock. Check both devices' clocks (set date, time and time zone automatically).",
    'room.insecure':
      'Porthole needs a secure page for its encryption and video: open it with an address that starts with https:// (or on localhost). On a home network, run the relay with TLS.',
  },
  {
    'room.badLink': '这个链接无效：缺少一部分或已损坏。请索取新链接。',
    'room.badVia': '这个链接无效：其中的服务器地址已损坏，或带有密码或令牌（链接从不包含这些）。请索取新链接。',
    'room.badIce': '这个链接无效：其中的连接设置（STUN/TURN 服务器）已损坏。请索取新链接。',
    'room.error': '出了点问题。',
    'room.signal.connected': '服务器：已连接到 {endpoint}',
    'room.signal.connecting': '服务器：正在连接 {endpoint}…',
    'room.signal.retrying': '服务器：无法连接 {endpoint}{detail}；正在重试（第 {attempt} 次）…',
    'room.signal.unreachable': '无法连接服务器 {endpoint}{detail}。请检查本设备的网络连接。正在重试…',
    'room.signal.unreachable.sender':
      '无法连接服务器 {endpoint}{detail}。请检查本设备的网络连接，或在设置中选择其他服务器。正在重试…',
    'room.signal.unreachable.viewer':
      '无法连接服务器 {endpoint}{detail}。请检查本设备的网络连接，或向发送方索取新链接。正在重试…',
    'room.signal.closed': '服务器：已断开',
    'room.signal.idle': '服务器：尚未连接',
    'room.camera.unsupported': '此浏览器无法在这里使用摄像头。请通过 HTTPS（或 localhost）打开 Porthole。',
    'room.camera.denied': '本网站的摄像头被阻止了。请允许使用摄像头，然后重试。',
    'room.camera.notFound': '这台设备上没有找到摄像头。',
    'room.camera.busy': '摄像头正被其他应用占用。',
    'room.camera.other': '无法打开摄像头（{name}）。',
    'room.retry': '重试',
    'room.clock':
      '对方设备发来的消息时间与本机时钟相差超过一小时。请检查两台设备的时钟（将日期、时间和时区设为自动）。',
    'room.insecure':
      'Porthole 的加密和视频需要安全页面：请用以 https:// 开头的地址（或在 localhost 上）打开。在家庭网络中，请为中继启用 TLS。',
  },
);

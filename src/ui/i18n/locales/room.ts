import { defineArea } from './define';

/** Messages shared by both role screens: the link, signaling, the camera. Placeholders are written {name}. */
export const room = defineArea(
  {
    'room.badLink': 'This link is not valid: it has no room secret or a damaged one. Ask for a new link.',
    'room.badVia':
      'This link names a signaling server that is not a plain ws:// or wss:// address: links never carry a user name, password or query such as ?token=…. Ask for a new link; if the relay needs a token, this app asks for it and keeps it on this device.',
    'room.badIce': 'This link carries STUN/TURN servers that are not valid.',
    'room.error': 'Something went wrong.',
    'room.signal.connected': 'Signaling: connected to {endpoint}',
    'room.signal.connecting': 'Signaling: connecting to {endpoint}…',
    'room.signal.retrying': 'Signaling: cannot reach {endpoint}{detail}; retrying (attempt {attempt})…',
    'room.signal.unreachable':
      'Cannot reach the signaling server {endpoint}{detail}. Check the network, or choose another broker or relay in Settings. Retrying…',
    'room.signal.closed': 'Signaling: closed',
    'room.signal.idle': 'Signaling: idle',
    'room.camera.unsupported': 'This browser cannot use a camera here. Open Porthole over HTTPS (or localhost).',
    'room.camera.denied': 'Camera permission was denied. Allow the camera for this site and try again.',
    'room.camera.notFound': 'No camera was found on this device.',
    'room.camera.busy': 'The camera is in use by another app.',
    'room.camera.other': 'The camera could not be opened ({name}).',
    'room.retry': 'Try again',
    'room.clock':
      "The other device's messages carry a time more than an hour away from this device's clock. Check both devices' clocks (set date, time and time zone automatically).",
    'room.insecure':
      'Porthole needs a secure page for its encryption and WebRTC: open it over https:// (or on localhost). On a LAN, run the relay with TLS.',
  },
  {
    'room.badLink': '这个链接无效：缺少房间密钥或密钥已损坏。请索取新链接。',
    'room.badVia':
      '这个链接指定的信令服务器不是普通的 ws:// 或 wss:// 地址：链接中从不包含用户名、密码或 ?token=… 之类的查询参数。请索取新链接；如中继需要令牌，本应用会单独询问并只保存在本设备上。',
    'room.badIce': '这个链接携带的 STUN/TURN 服务器无效。',
    'room.error': '出了点问题。',
    'room.signal.connected': '信令：已连接到 {endpoint}',
    'room.signal.connecting': '信令：正在连接 {endpoint}…',
    'room.signal.retrying': '信令：无法连接 {endpoint}{detail}；正在重试（第 {attempt} 次）…',
    'room.signal.unreachable':
      '无法连接信令服务器 {endpoint}{detail}。请检查网络，或在设置中选择其他代理服务器或中继。正在重试…',
    'room.signal.closed': '信令：已关闭',
    'room.signal.idle': '信令：空闲',
    'room.camera.unsupported': '此浏览器无法在这里使用摄像头。请通过 HTTPS（或 localhost）打开 Porthole。',
    'room.camera.denied': '摄像头权限被拒绝。请允许本网站使用摄像头后重试。',
    'room.camera.notFound': '这台设备上没有找到摄像头。',
    'room.camera.busy': '摄像头正被其他应用占用。',
    'room.camera.other': '无法打开摄像头（{name}）。',
    'room.retry': '重试',
    'room.clock':
      '对方设备发来的消息时间与本机时钟相差超过一小时。请检查两台设备的时钟（将日期、时间和时区设为自动）。',
    'room.insecure':
      'Porthole 的加密和 WebRTC 需要安全页面：请通过 https://（或 localhost）打开。在局域网中，请为中继启用 TLS。',
  },
);

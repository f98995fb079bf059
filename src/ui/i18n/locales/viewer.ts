import { defineArea } from './define';

/** Messages of the viewer's screen. Placeholders are written {name}. */
export const viewer = defineArea(
  {
    'viewer.init': 'Connecting to the sender…',
    'viewer.noSender': 'No sender is in this room yet. Keep this page open, or ask for a new link if this one is old.',
    'viewer.waiting': 'The sender left. Waiting for them to come back…',
    'viewer.active': 'Live',
    'viewer.paused': 'The sender paused the video (away).',
    'viewer.busy': 'This room already has a viewer. Ask the sender for a new link.',
    'viewer.retired': 'This link was ended by the sender. Ask for a new one.',
    'viewer.replaced': 'This room was opened in another tab of this browser.',
    'viewer.wrongKey':
      'A sender answered, but not the one this link belongs to: the link may be incomplete or old. Ask the sender for the link again.',
    'viewer.iceFailed':
      'Could not connect to the sender directly. The network may need a TURN relay server: add one in Settings (turn:user:password@host:port) and send the new link.',
    'viewer.video': 'Live video from the sender',
    'viewer.home': 'Home',
    'viewer.leave': 'Leave',
  },
  {
    'viewer.init': '正在连接发送端…',
    'viewer.noSender': '这个房间里还没有发送端。请保持页面打开；如果链接已过期，请索取新链接。',
    'viewer.waiting': '发送端已离开，正在等待其返回…',
    'viewer.active': '直播中',
    'viewer.paused': '发送端已暂停视频（暂时离开）。',
    'viewer.busy': '这个房间已经有观看者了。请向发送端索取新链接。',
    'viewer.retired': '发送端已结束这个链接。请索取新链接。',
    'viewer.replaced': '这个房间已在本浏览器的另一个标签页中打开。',
    'viewer.wrongKey': '有发送端应答，但不是这个链接所属的发送端：链接可能不完整或已过期。请向发送端重新索取链接。',
    'viewer.iceFailed':
      '无法直接连接到发送端。当前网络可能需要 TURN 中继服务器：请在设置中添加（turn:用户名:密码@主机:端口），并发送新链接。',
    'viewer.video': '来自发送端的实时视频',
    'viewer.home': '首页',
    'viewer.leave': '离开',
  },
);

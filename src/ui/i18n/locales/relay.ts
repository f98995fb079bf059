import { defineArea } from './define';

/**
 * Messages about the relay: its access-token screen, and every problem it can report (one per
 * error code of relay/src/wire.d.ts and per close code it ends a connection with). Placeholders
 * are written {name}.
 */
export const relay = defineArea(
  {
    'relay.token.title': 'This relay is private',
    'relay.token.intro':
      'The relay at {origin} needs an access token before this device may use it. Ask the person who runs it.',
    'relay.token.otherServer':
      'This link names another server, {host}, not {page} where this page came from. Anyone can make such a link. Enter only a token that the operator of {host} gave you for it — never the token of another relay.',
    'relay.token.label': 'Access token',
    'relay.token.submit': 'Connect',
    'relay.token.kept': 'Kept on this device only, and sent only to this relay when connecting — never in a link.',
    'relay.token.empty': 'Enter the access token.',
    'relay.token.tooLong': 'This token is too long (at most {max} characters).',
    'relay.token.wrong': 'The relay refused this token. Check it and enter it again.',
    'relay.token.show': 'Show the token',
    'relay.problem.token-refused': 'The relay refused the access token.',
    'relay.problem.too-many-connections':
      'The relay refused this connection: too many connections from this network address. Close other Porthole pages on this network; retrying…',
    'relay.problem.flooding': 'The relay closed the connection: this device sent messages too fast. Reconnecting…',
    'relay.problem.frame-too-large':
      'The relay closed the connection: a message was larger than it accepts. Reconnecting…',
    'relay.problem.bad-json':
      'The relay could not read a message from this page. The app and the relay may be different versions: reload the page.',
    'relay.problem.bad-frame':
      'The relay could not read a message from this page. The app and the relay may be different versions: reload the page.',
    'relay.problem.unknown-op':
      'The relay does not know a request from this page. The app and the relay may be different versions: reload the page.',
    'relay.problem.bad-field':
      'The relay refused a malformed request from this page. The app and the relay may be different versions: reload the page.',
    'relay.problem.topic-too-long':
      'The relay refuses this room: its address is longer than the relay allows (its MAX_TOPIC_LENGTH setting).',
    'relay.problem.too-many-topics':
      'The relay allows this page fewer rooms at once than it needs. Close other rooms in this page, or ask the relay operator to raise MAX_TOPICS_PER_SOCKET.',
    'relay.problem.topic-full':
      'This room is full on the relay: it holds as many connections as the relay allows. Someone may be occupying it; retrying until a place frees up…',
    'relay.problem.rate-limited':
      'The relay is limiting how fast this device sends: some messages were dropped and will be sent again.',
    'relay.problem.not-joined': 'The relay dropped a message because this page had not joined the room yet.',
    'relay.problem.will-too-large':
      'The relay has no space for this device’s goodbye message. The room works, but if this device drops off, the other side notices only after a few seconds.',
    'relay.problem.wills-full':
      'The relay is short of space for goodbye messages. The room works, but if this device drops off, the other side notices only after a few seconds.',
    'relay.problem.unknown': 'The relay reported a problem ({code}).',
  },
  {
    'relay.token.title': '这个中继是私有的',
    'relay.token.intro': '位于 {origin} 的中继需要访问令牌，本设备才能使用它。请向运行它的人索取。',
    'relay.token.otherServer':
      '这个链接指定的是另一台服务器 {host}，而不是本页面所来自的 {page}。任何人都能制作这样的链接。请只输入 {host} 的运营者给你的令牌——绝不要输入其他中继的令牌。',
    'relay.token.label': '访问令牌',
    'relay.token.submit': '连接',
    'relay.token.kept': '只保存在这台设备上，仅在连接时发送给这个中继——绝不会放进链接。',
    'relay.token.empty': '请输入访问令牌。',
    'relay.token.tooLong': '这个令牌太长（最多 {max} 个字符）。',
    'relay.token.wrong': '中继拒绝了这个令牌。请检查后重新输入。',
    'relay.token.show': '显示令牌',
    'relay.problem.token-refused': '中继拒绝了访问令牌。',
    'relay.problem.too-many-connections':
      '中继拒绝了这个连接：来自这个网络地址的连接太多。请关闭这个网络上其他的 Porthole 页面；正在重试…',
    'relay.problem.flooding': '中继关闭了连接：这台设备发送消息太快。正在重新连接…',
    'relay.problem.frame-too-large': '中继关闭了连接：有一条消息超过了它允许的大小。正在重新连接…',
    'relay.problem.bad-json': '中继无法读取本页面发送的消息。应用和中继的版本可能不同：请重新加载页面。',
    'relay.problem.bad-frame': '中继无法读取本页面发送的消息。应用和中继的版本可能不同：请重新加载页面。',
    'relay.problem.unknown-op': '中继不认识本页面的一个请求。应用和中继的版本可能不同：请重新加载页面。',
    'relay.problem.bad-field': '中继拒绝了本页面一个格式错误的请求。应用和中继的版本可能不同：请重新加载页面。',
    'relay.problem.topic-too-long': '中继拒绝这个房间：房间地址超过了中继允许的长度（MAX_TOPIC_LENGTH 设置）。',
    'relay.problem.too-many-topics':
      '中继允许本页面同时使用的房间数少于所需。请关闭本页面中的其他房间，或请中继管理员调高 MAX_TOPICS_PER_SOCKET。',
    'relay.problem.topic-full':
      '这个房间在中继上已满：连接数已达到中继允许的上限。可能有人占用了它；正在重试，直到有空位…',
    'relay.problem.rate-limited': '中继正在限制这台设备的发送速度：部分消息被丢弃，稍后会重新发送。',
    'relay.problem.not-joined': '中继丢弃了一条消息，因为本页面还没有加入房间。',
    'relay.problem.will-too-large':
      '中继没有空间保存这台设备的告别消息。房间可以正常使用，但如果这台设备掉线，对方要过几秒才会发现。',
    'relay.problem.wills-full':
      '中继用于告别消息的空间不足。房间可以正常使用，但如果这台设备掉线，对方要过几秒才会发现。',
    'relay.problem.unknown': '中继报告了一个问题（{code}）。',
  },
);

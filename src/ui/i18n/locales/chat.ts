import { defineArea } from './define';

/** Messages of the chat area. Placeholders are written {name}. */
export const chat = defineArea(
  {
    'chat.label': 'Chat',
    'chat.log': 'Chat messages',
    'chat.input': 'Message',
    'chat.placeholder': 'Say something…',
    'chat.placeholderDisabled': 'Chat opens when the other side connects',
    'chat.send': 'Send',
    'chat.me': 'You',
    'chat.peer': 'Them',
    'chat.from': '{name}:',
    'chat.empty': 'No messages yet.',
    'chat.remaining': '{count} characters left',
    'chat.tooLong': 'Too long: {count} of at most {max} characters. Shorten it to send.',
  },
  {
    'chat.label': '聊天',
    'chat.log': '聊天消息',
    'chat.input': '消息',
    'chat.placeholder': '说点什么…',
    'chat.placeholderDisabled': '对方连上后就能聊天',
    'chat.send': '发送',
    'chat.me': '我',
    'chat.peer': '对方',
    'chat.from': '{name}：',
    'chat.empty': '还没有消息。',
    'chat.remaining': '还能输入 {count} 个字',
    'chat.tooLong': '太长了：{count} 个字，最多 {max} 个。删短一些再发送。',
  },
);

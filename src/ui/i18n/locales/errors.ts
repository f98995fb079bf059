import { defineArea } from './define';

/**
 * Messages of the room error cards: a headline and a short explanation per problem, the actions,
 * and the "how to allow the camera" steps per browser (steps separated by new lines).
 * Placeholders are written {name}.
 */
export const errors = defineArea(
  {
    'errors.action.retry': 'Try again',
    'errors.action.scan': 'Scan a new code',
    'errors.action.newRoom': 'Start a new room',
    'errors.action.home': 'Home',
    'errors.details': 'Details',
    'errors.details.reason': 'Reason code',
    'errors.details.error': 'Error',
    'errors.details.message': 'Message',
    'errors.generic.title': 'Something went wrong',
    'errors.generic.text': 'Try again. If it keeps happening, go home and start over.',
    'errors.busy.viewer.title': 'Someone is already watching',
    'errors.busy.viewer.text':
      'Only one person can watch a room at a time. Ask the sender for a new code, then scan it.',
    'errors.busy.sender.title': 'This room is already sending',
    'errors.busy.sender.text': 'Another device is sending in this room. Start a new room on this one instead.',
    'errors.retired.title': 'This link has ended',
    'errors.retired.text': 'The sender made a new link, so this one no longer works. Ask for the new code and scan it.',
    'errors.replaced.title': 'Opened in another tab',
    'errors.replaced.text':
      'This room is now open in another tab of this browser. Close that tab and try again here, or keep using the other one.',
    'errors.link.title': 'This link is damaged',
    'errors.link.viewer.text':
      'Part of the link is missing or was changed on the way. Scan the code again, or ask the sender for a new link.',
    'errors.link.sender.text': 'Part of the link is missing or was changed on the way. Start a new room instead.',
    'errors.camera.denied.title': 'The camera is blocked',
    'errors.camera.denied.text':
      'This browser was told not to let Porthole use the camera. Allow the camera for this site, then try again.',
    'errors.camera.help': 'How to allow the camera',
    'errors.camera.busy.title': 'The camera is busy',
    'errors.camera.busy.text': 'Another app or tab is using the camera. Close it, then try again.',
    'errors.camera.notFound.title': 'No camera found',
    'errors.camera.notFound.text': 'Porthole found no camera on this device. Connect one, or send from another device.',
    'errors.camera.unsupported.title': 'This browser cannot use the camera here',
    'errors.camera.unsupported.text':
      'Open Porthole with an address that starts with https://, in an up-to-date browser, then try again.',
    'errors.camera.other.title': 'The camera could not start',
    'errors.camera.other.text': 'Try again. If it keeps happening, restart the browser or the device.',
    'errors.transport.title': 'Cannot reach the server',
    'errors.transport.viewer.text':
      "Check this device's internet connection and try again. If it still fails, ask the sender for a new link.",
    'errors.transport.sender.text':
      "Check this device's internet connection and try again. If it still fails, choose another server in Settings.",
    'errors.insecure.title': 'This page is not secure',
    'errors.insecure.text':
      'Porthole needs a secure page for its encryption and video: open it with an address that starts with https://.',
    'errors.help.chrome-android':
      'Tap the icon to the left of the address.\nTap Permissions.\nTurn on Camera.\nIf Camera is not listed: open the phone’s Settings → Apps → Chrome → Permissions → Camera → Allow.\nCome back and tap Try again.',
    'errors.help.chrome-desktop':
      'Click the icon to the left of the address.\nTurn on Camera (or set it to Allow).\nClick Try again.',
    'errors.help.edge-desktop':
      'Click the lock icon to the left of the address.\nOpen Permissions for this site.\nSet Camera to Allow.\nClick Try again.',
    'errors.help.chrome-ios':
      'Open the Settings app.\nScroll down and tap Chrome.\nTurn on Camera.\nCome back and tap Try again.',
    'errors.help.safari-ios':
      'Tap the page menu (aA or ☰) in the address bar.\nTap Website Settings.\nSet Camera to Allow.\nTap Try again.\nIf Camera stays blocked: Settings app → Apps → Safari → Camera → Allow.',
    'errors.help.safari-mac':
      'In the menu bar, choose Safari → Settings for This Website.\nSet Camera to Allow.\nClick Try again.\nIf it stays blocked: Apple menu → System Settings → Privacy & Security → Camera, and turn on Safari.',
    'errors.help.firefox-android':
      'Tap the lock icon to the left of the address.\nSet Camera to Allowed.\nTap Try again.',
    'errors.help.firefox-desktop':
      'Click the crossed-out camera icon to the left of the address.\nClick × next to “Blocked” to clear it.\nClick Try again and choose Allow.',
    'errors.help.samsung': 'Tap the lock icon in the address bar.\nTap Permissions.\nTurn on Camera.\nTap Try again.',
    'errors.help.other':
      'Open this site’s settings from the icon next to the address.\nAllow the camera.\nCheck that the device’s settings let this browser use the camera.\nTry again.',
  },
  {
    'errors.action.retry': '重试',
    'errors.action.scan': '扫描新的二维码',
    'errors.action.newRoom': '新建房间',
    'errors.action.home': '首页',
    'errors.details': '详细信息',
    'errors.details.reason': '原因代码',
    'errors.details.error': '错误',
    'errors.details.message': '消息',
    'errors.generic.title': '出了点问题',
    'errors.generic.text': '请重试。如果问题持续，请回到首页重新开始。',
    'errors.busy.viewer.title': '已经有人在观看',
    'errors.busy.viewer.text': '一个房间同时只能有一人观看。请向发送方索取新的二维码，然后扫描。',
    'errors.busy.sender.title': '这个房间已在发送中',
    'errors.busy.sender.text': '另一台设备正在这个房间里发送。请在本设备上新建一个房间。',
    'errors.retired.title': '这个链接已失效',
    'errors.retired.text': '发送方生成了新链接，这个链接已不能使用。请索取新的二维码并扫描。',
    'errors.replaced.title': '已在另一个标签页中打开',
    'errors.replaced.text':
      '这个房间已在本浏览器的另一个标签页中打开。关闭那个标签页后在这里重试，或继续使用那个标签页。',
    'errors.link.title': '这个链接已损坏',
    'errors.link.viewer.text': '链接缺少一部分或在传递中被改动了。请重新扫描二维码，或向发送方索取新链接。',
    'errors.link.sender.text': '链接缺少一部分或在传递中被改动了。请新建一个房间。',
    'errors.camera.denied.title': '摄像头被阻止了',
    'errors.camera.denied.text': '此浏览器被设置为不允许 Porthole 使用摄像头。请允许本网站使用摄像头，然后重试。',
    'errors.camera.help': '如何允许使用摄像头',
    'errors.camera.busy.title': '摄像头正被占用',
    'errors.camera.busy.text': '另一个应用或标签页正在使用摄像头。请关闭它，然后重试。',
    'errors.camera.notFound.title': '没有找到摄像头',
    'errors.camera.notFound.text': 'Porthole 在这台设备上没有找到摄像头。请连接一个摄像头，或用另一台设备发送。',
    'errors.camera.unsupported.title': '此浏览器无法在这里使用摄像头',
    'errors.camera.unsupported.text': '请用以 https:// 开头的地址、在最新版浏览器中打开 Porthole，然后重试。',
    'errors.camera.other.title': '摄像头无法启动',
    'errors.camera.other.text': '请重试。如果问题持续，请重启浏览器或设备。',
    'errors.transport.title': '无法连接服务器',
    'errors.transport.viewer.text': '请检查本设备的网络连接后重试。如果仍然失败，请向发送方索取新链接。',
    'errors.transport.sender.text': '请检查本设备的网络连接后重试。如果仍然失败，请在设置中选择其他服务器。',
    'errors.insecure.title': '这个页面不安全',
    'errors.insecure.text': 'Porthole 的加密和视频需要安全页面：请用以 https:// 开头的地址打开。',
    'errors.help.chrome-android':
      '点按地址左侧的图标。\n点按“权限”。\n打开“摄像头”。\n如果没有“摄像头”一项：打开手机的“设置”→“应用”→ Chrome →“权限”→“摄像头”→“允许”。\n回到这里，点按“重试”。',
    'errors.help.chrome-desktop': '点击地址左侧的图标。\n打开“摄像头”（或设为“允许”）。\n点击“重试”。',
    'errors.help.edge-desktop': '点击地址左侧的锁形图标。\n打开“此站点的权限”。\n将“摄像头”设为“允许”。\n点击“重试”。',
    'errors.help.chrome-ios': '打开“设置”应用。\n向下滚动并点按 Chrome。\n打开“相机”。\n回到这里，点按“重试”。',
    'errors.help.safari-ios':
      '点按地址栏中的页面菜单（aA 或 ☰）。\n点按“网站设置”。\n将“相机”设为“允许”。\n点按“重试”。\n如果相机仍被阻止：“设置”应用 →“App”→ Safari 浏览器 →“相机”→“允许”。',
    'errors.help.safari-mac':
      '在菜单栏中选择 Safari 浏览器 →“此网站的设置”。\n将“相机”设为“允许”。\n点击“重试”。\n如果仍被阻止：苹果菜单 →“系统设置”→“隐私与安全性”→“相机”，打开 Safari 浏览器。',
    'errors.help.firefox-android': '点按地址左侧的锁形图标。\n将“摄像头”设为“允许”。\n点按“重试”。',
    'errors.help.firefox-desktop':
      '点击地址左侧带斜线的摄像头图标。\n点击“已阻止”旁边的 × 清除阻止。\n点击“重试”，然后选择“允许”。',
    'errors.help.samsung': '点按地址栏中的锁形图标。\n点按“权限”。\n打开“摄像头”。\n点按“重试”。',
    'errors.help.other':
      '点击地址旁的图标，打开本网站的设置。\n允许使用摄像头。\n检查设备的设置是否允许此浏览器使用摄像头。\n重试。',
  },
);

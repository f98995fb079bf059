import { defineArea } from './define';

/** Messages of the pwa area (offline banner, offline-ready toast, update prompt). Placeholders are written {name}. */
export const pwa = defineArea(
  {
    'pwa.offlineReady': 'Ready to work offline',
    'pwa.updateAvailable': 'New version available',
    'pwa.reload': 'Reload',
    'pwa.dismiss': 'Not now',
    'pwa.offline': "You're offline. Porthole is installed and works, but connecting to another device needs a network.",
  },
  {
    'pwa.offlineReady': '已可离线使用',
    'pwa.updateAvailable': '有新版本可用',
    'pwa.reload': '重新加载',
    'pwa.dismiss': '以后再说',
    'pwa.offline': '当前处于离线状态。Porthole 已安装，可以正常使用，但连接其他设备需要网络。',
  },
);

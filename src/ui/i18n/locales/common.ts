import { defineArea } from './define';

/** Messages shared by several screens. Placeholders are written {name}. */
export const common = defineArea(
  {
    'common.appName': 'Porthole',
    'common.close': 'Close',
  },
  {
    'common.appName': 'Porthole',
    'common.close': '关闭',
  },
);

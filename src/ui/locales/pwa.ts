import { defineArea } from './define';

/** Messages of the pwa area. Placeholders are written {name}. */
export const pwa = defineArea(
  {},
  {},
);

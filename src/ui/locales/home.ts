import { defineArea } from './define';

/** Messages of the home area. Placeholders are written {name}. */
export const home = defineArea(
  {},
  {},
);

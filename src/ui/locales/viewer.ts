import { defineArea } from './define';

/** Messages of the viewer area. Placeholders are written {name}. */
export const viewer = defineArea(
  {},
  {},
);

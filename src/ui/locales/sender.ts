import { defineArea } from './define';

/** Messages of the sender area. Placeholders are written {name}. */
export const sender = defineArea(
  {},
  {},
);

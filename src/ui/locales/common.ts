import { defineArea } from './define';

/** Messages of the common area. Placeholders are written {name}. */
export const common = defineArea(
  {},
  {},
);

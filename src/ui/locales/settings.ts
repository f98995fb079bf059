import { defineArea } from './define';

/** Messages of the settings area. Placeholders are written {name}. */
export const settings = defineArea(
  {},
  {},
);

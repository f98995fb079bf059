import { defineArea } from './define';

/** Messages of the chat area. Placeholders are written {name}. */
export const chat = defineArea(
  {},
  {},
);

import { defineArea } from './define';

/** Messages of the viewer's tools (video controls, stats overlay). Placeholders are written {name}. */
export const tools = defineArea(
  {},
  {},
);

import { defineArea } from './define';

/** Messages of clips (the rolling recording on the viewer) and of the grid of several cameras. */
export const clips = defineArea(
  {
    'clips.title': 'Clips',
  },
  {
    'clips.title': '片段',
  },
);

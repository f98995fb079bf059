import { defineArea } from './define';

/** Messages of clips (the rolling recording on the viewer) and of the grid of several cameras. */
export const clips = defineArea(
  {
    'clips.title': 'Clips',
    'clips.button': 'Clip',
    'clips.save': 'Save a clip of the last {seconds} seconds',
    'clips.saving': 'Saving the clip…',
    'clips.saved': 'Clip saved ({seconds} s)',
    'clips.nothing': 'Nothing recorded yet',
  },
  {
    'clips.title': '片段',
    'clips.button': '片段',
    'clips.save': '保存最近 {seconds} 秒的片段',
    'clips.saving': '正在保存片段…',
    'clips.saved': '片段已保存（{seconds} 秒）',
    'clips.nothing': '还没有录到内容',
  },
);

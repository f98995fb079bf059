import { svg } from 'lit';

/** One 24×24 icon in the current text colour, hidden from assistive technology (the button names it). */
const icon = (d: string) =>
  svg`<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"><path d=${d} fill="currentColor"/></svg>`;

/** The sender screen's icons (Material-style outlines drawn in 24×24). */
export const senderIcons = {
  mic: icon(
    'M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5.3-3a5.3 5.3 0 0 1-10.6 0H5a7 7 0 0 0 6 6.9V21h2v-3.1a7 7 0 0 0 6-6.9h-1.7z',
  ),
  micOff: icon(
    'M19 11h-1.7c0 .7-.2 1.4-.4 2l1.2 1.2c.6-.9.9-2 .9-3.2zm-4 .2V5a3 3 0 0 0-5.9-.7L15 10.2v1zM4.3 3 3 4.3l6 6V11a3 3 0 0 0 4.2 2.7l1.6 1.7A5.3 5.3 0 0 1 6.7 11H5a7 7 0 0 0 6 6.9V21h2v-3.1c1-.1 1.9-.5 2.7-1L19.7 21l1.3-1.3L4.3 3z',
  ),
  pause: icon('M7 5h4v14H7V5zm6 0h4v14h-4V5z'),
  play: icon('M8 5v14l11-7L8 5z'),
  flip: icon(
    'M9 4 7.2 6H4a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2h-3.2L15 4H9zm3 4.5a4.5 4.5 0 0 1 4.2 2.9H18l-2.5 3-2.5-3h1.6A2.8 2.8 0 0 0 9.7 10l-1.2-1A4.5 4.5 0 0 1 12 8.5zm-3.5 4.1 2.5 3H9.4a2.8 2.8 0 0 0 4.9 1.4l1.2 1a4.5 4.5 0 0 1-7.7-2.4H6l2.5-3z',
  ),
  torch: icon('M7 2h10v5l-3 4v11h-4V11L7 7V2zm2 2v2h6V4H9zm2 9v2h2v-2h-2z'),
  stop: icon('M6 6h12v12H6V6z'),
  more: icon('M5 10a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm7 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm7 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4z'),
  share: icon('M18 16a3 3 0 0 0-2.2.9l-7-4a3 3 0 0 0 0-1.8l7-4A3 3 0 1 0 15 5l-7 4a3 3 0 1 0 0 6l7 4a3 3 0 1 0 3-3z'),
  copy: icon(
    'M16 1H4a2 2 0 0 0-2 2v14h2V3h12V1zm3 4H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2zm0 16H8V7h11v14z',
  ),
  link: icon(
    'M3.9 12a3.1 3.1 0 0 1 3.1-3.1h4V7H7a5 5 0 0 0 0 10h4v-1.9H7A3.1 3.1 0 0 1 3.9 12zM8 13h8v-2H8v2zm9-6h-4v1.9h4a3.1 3.1 0 0 1 0 6.2h-4V17h4a5 5 0 0 0 0-10z',
  ),
} as const;

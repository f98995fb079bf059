import { css } from 'lit';

/**
 * The sender screen's layout. A sticky top bar clear of the notch (`env(safe-area-inset-*)`).
 * Waiting: the share panel (QR code first) centred, the small preview in its slot. Live: one
 * column on a phone held upright (banner, video, note, controls, the rest); when wide the video
 * spans the rows on the left and the banner, controls, "Share again" and chat go on the right, so
 * the video and the banner fit a phone on its side without scrolling.
 */
export const senderStyles = css`
  :host { max-width: 1280px; gap: 12px; padding: 0 max(16px, env(safe-area-inset-right)) max(16px, env(safe-area-inset-bottom))
    max(16px, env(safe-area-inset-left)); }
  .top { position: sticky; top: 0; z-index: 5; background: var(--ph-bg); padding: max(8px, env(safe-area-inset-top)) 0 8px; }
  .hint { color: var(--ph-muted); margin: 0; }
  .paused { margin: 0; padding: 8px 12px; border-radius: 8px; background: var(--ph-surface); border-inline-start: 4px solid var(--ph-accent); }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  #share { scroll-margin-top: 80px; }
  .waiting { width: 100%; max-width: 1000px; margin-inline: auto; }
  .beside { display: flex; flex-direction: column; gap: 10px; align-items: center; }
  .beside .status { font-size: 0.95rem; color: var(--ph-muted); }
  .beside video { width: 100%; max-width: 280px; max-height: 32vh; }
  /* Live: one column on a phone held upright; beside it (the video spanning the rows) when wide. */
  .live { display: grid; gap: 10px 16px; grid-template-columns: minmax(0, 1fr); align-items: start;
    grid-template-areas: 'banner' 'video' 'note' 'controls' 'side'; }
  .stage { display: contents; }
  .live porthole-room-info { grid-area: banner; }
  .live video { grid-area: video; width: 100%; max-height: calc(100dvh - 260px); min-height: 180px; }
  .live .paused { grid-area: note; }
  .live porthole-camera-controls { grid-area: controls; }
  .side { grid-area: side; display: flex; flex-direction: column; gap: 10px; min-width: 0; }
  .share-again { display: inline-flex; align-items: center; gap: 8px; align-self: flex-start; }
  details { color: var(--ph-muted); }
  summary { min-height: 44px; min-width: 44px; box-sizing: border-box; padding-inline-end: 8px; display: flex; align-items: center;
    gap: 6px; cursor: pointer; width: max-content; }
  summary::before { content: '▸'; }
  details[open] summary::before { content: '▾'; }
  summary::-webkit-details-marker { display: none; }
  details .signal { margin: 4px 0; }
  /* Under the monitor screen the preview is one pixel: empty while a wake lock is held, else playing on
     (a playing video keeps a browser without the Wake Lock API awake). */
  :host([data-monitor]) video { position: fixed; width: 1px; height: 1px; min-height: 0; max-height: 1px; opacity: 0.01; }
  @media (min-width: 600px) { .beside { align-items: flex-start; } }
  @media (orientation: landscape) and (min-width: 700px) {
    .live { grid-template-columns: minmax(0, 3fr) minmax(260px, 2fr); grid-template-rows: auto auto auto 1fr;
      grid-template-areas: 'video banner' 'video note' 'video controls' 'video side'; }
    .live video { max-height: calc(100dvh - 96px); }
  }
`;

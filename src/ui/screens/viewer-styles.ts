import { css } from 'lit';

/**
 * The viewer screen's layout. The stage keeps one ratio from the first moment (16:9; 4:3 on a
 * phone held upright, where height is plenty), so nothing jumps when the video starts. With the
 * host's `immersive` attribute (a phone on its side, or full screen) the video takes the whole
 * screen, the overlays keep clear of the notch and rounded corners (`env(safe-area-inset-*)`),
 * and the page does not scroll. Overlays marked `.controls` hide with `data-controls="hidden"`.
 */
export const viewerStyles = css`
  :host { gap: 10px; --safe-top: env(safe-area-inset-top, 0px); --safe-right: env(safe-area-inset-right, 0px);
    --safe-bottom: env(safe-area-inset-bottom, 0px); --safe-left: env(safe-area-inset-left, 0px); }
  .bar { display: flex; align-items: center; gap: 12px; min-height: 44px; }
  .status { flex: 1; min-width: 0; }
  .status[data-kind='error'] { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .leave { flex: none; }
  .mode { flex: none; }
  .mode[aria-pressed='true'] { background: var(--ph-accent-strong); color: var(--ph-on-overlay, #ffffff); border-color: transparent; }
  .viewport { position: relative; }
  .stage { position: relative; aspect-ratio: 16 / 9; width: min(100%, calc((100dvh - 190px) * 16 / 9)); margin: 0 auto;
    background: #000; border-radius: 12px; overflow: hidden; }
  .stage video, .stage canvas { position: absolute; inset: 0; width: 100%; height: 100%; max-height: none; border-radius: 0;
    object-fit: contain; background: #000; }
  .stage canvas { filter: brightness(0.45) grayscale(0.3); }
  .stage canvas[hidden] { display: none; }
  .viewport[data-lost] video { opacity: 0; }
  /* Night view (monitor mode): a dark room's picture brightened on this side. */
  .viewport[data-night] video { filter: brightness(1.9) contrast(1.35) saturate(0.85); }
  .cover { position: absolute; inset: 0; display: grid; place-content: center; gap: 12px; padding: 16px; overflow: auto;
    color: #ffffff; text-align: start; }
  .cover.paused { background: var(--ph-overlay); text-align: center; font-size: 1.1rem; }
  .lost-text { margin: 0; font-size: 1.15rem; font-weight: 600; text-align: center; text-shadow: 0 1px 3px #000; }
  .hint { max-width: 34rem; padding: 8px 12px; border-radius: 10px; background: var(--ph-overlay); color: #ffffff; font-size: 0.9rem; }
  .hint p { margin: 0; }
  .hint .what { font-weight: 600; }
  .hint .next { margin-top: 4px; }

  /* Tools bottom right, the info button top right, its details panel top left, chat bottom left. */
  .controls, porthole-chat { transition: opacity 0.3s ease, visibility 0.3s; }
  .viewport[data-controls='hidden'] .controls { opacity: 0; visibility: hidden; }
  .viewport[data-controls='hidden'] porthole-chat::part(form),
  .viewport[data-controls='hidden'] porthole-chat::part(hint) { opacity: 0; visibility: hidden; }
  porthole-video-tools { position: absolute; right: calc(8px + var(--tools-right, 0px)); bottom: calc(8px + var(--tools-bottom, 0px));
    max-width: calc(100% - 16px); z-index: 2; }
  porthole-video-tools::part(bar) { justify-content: flex-end; }
  .info { position: absolute; z-index: 2; top: calc(8px + var(--info-top, 0px)); right: calc(8px + var(--tools-right, 0px));
    display: inline-flex; align-items: center; justify-content: center; min-width: 44px; min-height: 44px; padding: 0 10px; border-radius: 10px;
    background: var(--ph-overlay); color: var(--ph-on-overlay, #ffffff); border: 1px solid var(--ph-border); }
  .info[aria-expanded='true'] { background: var(--ph-accent-strong); }
  .info-panel { position: absolute; top: calc(8px + var(--panel-top, 0px)); left: calc(8px + var(--panel-left, 0px)); z-index: 2;
    max-width: min(18rem, calc(100% - 76px)); }
  .info-panel[hidden] { display: none; }
  .info-panel porthole-stats { position: static; --porthole-stats-width: 100%; }
  porthole-chat { position: absolute; left: calc(8px + var(--chat-left, 0px)); bottom: calc(8px + var(--chat-bottom, 0px));
    width: min(26rem, calc(100% - 380px)); min-width: 14rem; z-index: 1; }
  porthole-monitor-controls { position: absolute; left: calc(8px + var(--chat-left, 0px)); top: calc(8px + var(--panel-top, 0px));
    z-index: 1; max-width: calc(100% - 76px); }
  .monitor { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 8px 16px; align-items: center; }
  .monitor porthole-monitor-settings { grid-column: 1 / -1; }
  .details { font-size: 0.85rem; color: var(--ph-muted); }
  .details summary { min-height: 44px; min-width: 44px; box-sizing: border-box; display: flex; align-items: center; cursor: pointer; width: fit-content; padding: 0 4px; }
  .details .signal { margin: 0 0 8px; overflow-wrap: anywhere; }

  /* A phone held upright: a taller stage; chat under it (it covers nothing there). */
  @media (orientation: portrait) and (max-width: 600px) {
    :host(:not([immersive])) .stage { aspect-ratio: 4 / 3; width: 100%; }
    :host(:not([immersive])) porthole-chat { position: static; width: auto; min-width: 0; margin-top: 10px; }
    :host(:not([immersive])) .viewport[data-controls='hidden'] porthole-chat::part(form) { opacity: 1; visibility: visible; }
  }

  /* Edge to edge: a phone on its side, or full screen. */
  :host([immersive]) { padding: 0; gap: 0; max-width: none; height: 100vh; height: 100dvh; overflow: hidden; position: relative;
    background: #000; }
  :host([immersive]) .bar { position: absolute; z-index: 3; top: 0; left: 0; right: 0; align-items: center;
    padding: calc(6px + var(--safe-top)) calc(8px + var(--safe-right)) 0 calc(8px + var(--safe-left)); pointer-events: none; }
  :host([immersive]) .bar > * { pointer-events: auto; }
  :host([immersive]) .status { flex: 0 1 auto; margin-inline-end: auto; padding: 6px 12px; border-radius: 10px;
    background: var(--ph-overlay); color: var(--ph-on-overlay, #ffffff); font-size: 0.95rem; }
  :host([immersive]) .leave { background: var(--ph-overlay); color: var(--ph-on-overlay, #ffffff); }
  :host([immersive]) .viewport { height: 100%; }
  :host([immersive]) .stage { width: 100%; height: 100%; aspect-ratio: auto; border-radius: 0; }
  /* Edge to edge the monitor's switch and panel step aside (the info button sits top right); its banner stays. */
  :host([immersive]) .details, :host([immersive]) .monitor, :host([immersive]) .mode { display: none; }
  :host([immersive]) porthole-monitor-banner { position: absolute; z-index: 3; top: calc(56px + var(--safe-top)); left: calc(8px + var(--safe-left));
    right: calc(8px + var(--safe-right)); }
  :host([immersive]) .viewport { --tools-right: var(--safe-right); --tools-bottom: var(--safe-bottom); --chat-left: var(--safe-left);
    --chat-bottom: var(--safe-bottom); --panel-left: var(--safe-left); --panel-top: calc(56px + var(--safe-top)); --info-top: calc(var(--safe-top) - 2px); }
`;

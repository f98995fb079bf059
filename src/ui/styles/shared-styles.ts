import { css } from 'lit';

/**
 * Styles shared by the screens: layout, status line, buttons, links (theme tokens from theme.css).
 * Buttons, button-links, fields and menus are at least 44×44 px: a finger's target.
 */
export const screenStyles = css`
  :host { display: flex; flex-direction: column; gap: 12px; padding: 16px; max-width: 960px; margin: 0 auto; box-sizing: border-box; }
  video { width: 100%; max-height: 70vh; background: #000; border-radius: 12px; object-fit: contain; }
  .status { font-size: 1.05rem; margin: 0; }
  .status[data-kind='error'] { color: var(--ph-error); }
  .signal { font-size: 0.85rem; color: var(--ph-muted); margin: 0; }
  button, a.button { font: inherit; padding: 10px 16px; border-radius: 10px; border: 1px solid var(--ph-border);
    background: var(--ph-surface); color: var(--ph-text); cursor: pointer; text-decoration: none; display: inline-block;
    min-height: 44px; min-width: 44px; box-sizing: border-box; }
  a.button { display: inline-flex; align-items: center; justify-content: center; }
  button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid var(--ph-accent); outline-offset: 2px; }
  input, select { font: inherit; padding: 8px 10px; border-radius: 8px; border: 1px solid var(--ph-border); background: var(--ph-surface); color: var(--ph-text); }
  input:not([type='radio']):not([type='checkbox']):not([type='range']), select { min-height: 44px; box-sizing: border-box; }
  a { color: var(--ph-accent); word-break: break-all; }
  .row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
`;

import { css } from 'lit';

/** Styles shared by the role screens: layout, status line, buttons. */
export const screenStyles = css`
  :host { display: flex; flex-direction: column; gap: 12px; padding: 16px; max-width: 960px; margin: 0 auto; box-sizing: border-box; }
  video { width: 100%; max-height: 70vh; background: #000; border-radius: 12px; object-fit: contain; }
  .status { font-size: 1.05rem; margin: 0; }
  .status[data-kind='error'] { color: #ffb4a8; }
  .signal { font-size: 0.85rem; opacity: 0.75; margin: 0; }
  button, a.button { font: inherit; padding: 10px 16px; border-radius: 10px; border: 1px solid #7fd1ff55;
    background: #12324a; color: inherit; cursor: pointer; text-decoration: none; }
  a { color: #7fd1ff; word-break: break-all; }
`;

import { describe, expect, it } from 'vitest';
import { defaultRequest, parsePeerMessage } from '../../../src/protocol/peer-messages';
import { tileCapKbps, tileMaxHeightPx, tileRequest } from '../../../src/ui/grid/grid-request';

describe('tileRequest', () => {
  it('an unfocused tile asks for a small, capped picture that passes the strict parser', () => {
    const small = tileRequest(false);
    expect(small).toEqual({ ...defaultRequest, capKbps: tileCapKbps, maxHeight: tileMaxHeightPx });
    expect(parsePeerMessage(small)).toEqual(small);
  });

  it('the focused tile asks for the full picture', () => {
    expect(tileRequest(true)).toEqual(defaultRequest);
    expect(tileRequest(true)).not.toHaveProperty('maxHeight');
  });
});

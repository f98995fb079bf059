import { describe, expect, it } from 'vitest';
import { viewerHashFrom } from '../../../src/ui/links/viewer-hash';

const secret = 'AAECAwQFBgcICQoLDA0ODw';

describe('viewerHashFrom', () => {
  it('takes the hash of a full viewer link, or the hash alone', () => {
    expect(viewerHashFrom(`https://porthole.example/app/#/view?r=${secret}`)).toEqual({ hash: `#/view?r=${secret}` });
    expect(viewerHashFrom(`#/view?r=${secret}`)).toEqual({ hash: `#/view?r=${secret}` });
  });

  it('keeps the transport and ICE servers the link names', () => {
    const hash = `#/view?r=${secret}&via=relay:wss://relay.example/ws&ice=stun:stun.example.org:3478`;
    expect(viewerHashFrom(`https://porthole.example/${hash}`)).toEqual({ hash });
  });

  it('drops white space anywhere (a link wrapped in a chat message)', () => {
    expect(viewerHashFrom(`  https://porthole.example/#/view?r=${secret.slice(0, 8)}\n  ${secret.slice(8)} `)).toEqual({
      hash: `#/view?r=${secret}`,
    });
  });

  it('says what is wrong with anything else', () => {
    expect(viewerHashFrom('   ')).toEqual({ error: 'home.paste.empty' });
    expect(viewerHashFrom('https://porthole.example/')).toEqual({ error: 'home.paste.notLink' });
    expect(viewerHashFrom('https://porthole.example/#/')).toEqual({ error: 'home.paste.notLink' });
    expect(viewerHashFrom('https://porthole.example/#/elsewhere?r=x')).toEqual({ error: 'home.paste.notLink' });
    expect(viewerHashFrom(`https://porthole.example/#/send?r=${secret}`)).toEqual({ error: 'home.paste.senderLink' });
    expect(viewerHashFrom('https://porthole.example/#/view?r=short')).toEqual({ error: 'home.paste.badSecret' });
    expect(viewerHashFrom(`#/view?r=${secret}&via=ftp:x`)).toEqual({ error: 'home.paste.badVia' });
    expect(viewerHashFrom(`#/view?r=${secret}&ice=http://x`)).toEqual({ error: 'home.paste.badIce' });
    expect(viewerHashFrom('https://porthole.example/#/view')).toEqual({ error: 'home.paste.noSecret' });
  });
});

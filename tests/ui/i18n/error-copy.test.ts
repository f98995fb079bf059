/**
 * The error card's words: a headline, an explanation and the main action for every reason, in
 * plain words; the viewer is never sent to Settings; the server line names the host only.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CameraError } from '../../../src/rtc/camera';
import type { RoomErrorReason } from '../../../src/ui/controllers/room-state';
import { t } from '../../../src/ui/i18n/i18n';
import {
  cameraErrorName,
  cameraProblemOf,
  describeCameraError,
  describeTransport,
  endpointHost,
  errorCopy,
} from '../../../src/ui/i18n/messages';
import { setTestLocale } from '../set-test-locale';

afterEach(() => {
  setTestLocale('en');
  vi.unstubAllGlobals();
});

const reasons: RoomErrorReason[] = [
  'busy',
  'retired',
  'replaced',
  'link',
  'bad-secret',
  'bad-via',
  'bad-ice',
  'unknown-page',
  'camera',
  'transport',
  'insecure',
];
const jargon = /[Ss]ignal|srflx|[Ss]ecret|[Bb]roker|\b(STUN|TURN|ICE)\b|WebRTC|信令|密钥/;

describe('errorCopy', () => {
  it('gives every reason a plain headline and explanation on both sides, in both languages', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      setTestLocale(locale);
      for (const side of ['sender', 'viewer'] as const) {
        for (const reason of [...reasons, undefined]) {
          const copy = errorCopy(side, { state: 'error', reason });
          expect(t(copy.title)).not.toBe(copy.title);
          expect(t(copy.text)).not.toBe(copy.text);
          expect(`${t(copy.title)} ${t(copy.text)}`).not.toMatch(jargon);
        }
      }
    }
  });

  it('picks the main action: scan for the viewer of a full, ended or damaged room; a new room for the sender', () => {
    expect(errorCopy('viewer', { state: 'error', reason: 'busy' }).action).toBe('scan');
    expect(errorCopy('viewer', { state: 'error', reason: 'retired' }).action).toBe('scan');
    expect(errorCopy('viewer', { state: 'error', reason: 'bad-secret' }).action).toBe('scan');
    expect(errorCopy('sender', { state: 'error', reason: 'busy' }).action).toBe('new-room');
    expect(errorCopy('viewer', { state: 'error', reason: 'replaced' }).action).toBe('retry');
    expect(errorCopy('viewer', { state: 'error', reason: 'transport' }).action).toBe('retry');
    expect(errorCopy('viewer', { state: 'error', reason: 'insecure' }).action).toBe('none');
  });

  it('tells a blocked camera (with steps) from a busy or missing one, whatever the language it was described in', () => {
    const denied = describeCameraError(new CameraError('NotAllowedError', 'Permission denied'));
    expect(errorCopy('sender', { state: 'error', reason: 'camera', message: denied })).toMatchObject({
      title: 'errors.camera.denied.title',
      action: 'retry',
      cameraHelp: true,
    });
    expect(cameraErrorName(denied)).toBe('NotAllowedError');
    setTestLocale('zh-CN');
    const busy = describeCameraError(new CameraError('NotReadableError', 'Could not start video source'));
    setTestLocale('en');
    expect(cameraProblemOf(busy)).toBe('busy');
    expect(errorCopy('sender', { state: 'error', reason: 'camera', message: busy }).cameraHelp).toBe(false);
    const other = describeCameraError(new CameraError('AbortError', 'x'));
    expect(cameraProblemOf(other)).toBe('other');
    expect(cameraErrorName(other)).toBe('AbortError');
    expect(cameraProblemOf('Something else')).toBeUndefined();
  });

  it('never sends the viewer to Settings; the sender may go there', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      setTestLocale(locale);
      const settings = locale === 'en' ? 'Settings' : '设置';
      expect(t(errorCopy('viewer', { state: 'error', reason: 'transport' }).text)).not.toContain(settings);
      expect(t(errorCopy('sender', { state: 'error', reason: 'transport' }).text)).toContain(settings);
      const status = { state: 'reconnecting', endpoint: 'ws://127.0.0.1:65530/ws', attempt: 3 } as const;
      expect(describeTransport(status, false, 'viewer')).not.toContain(settings);
      expect(describeTransport(status, false)).not.toContain(settings);
      expect(describeTransport(status, false, 'sender')).toContain(settings);
    }
  });
});

describe('the server line', () => {
  it('names the server by host and port, in plain words', () => {
    expect(endpointHost('wss://broker.emqx.io:8084/mqtt')).toBe('broker.emqx.io:8084');
    expect(endpointHost('not a url')).toBe('not a url');
    const line = describeTransport({ state: 'connected', endpoint: 'ws://localhost:8080/ws', attempt: 0 });
    expect(line).toBe('Server: connected to localhost:8080');
    expect(line).not.toMatch(/signal/i);
    expect(
      describeTransport({ state: 'reconnecting', endpoint: 'ws://127.0.0.1:65530/ws', attempt: 1 }, false, 'viewer'),
    ).toBe(
      "Cannot reach the server 127.0.0.1:65530. Check this device's internet connection, or ask the sender for a new link. Retrying…",
    );
  });
});

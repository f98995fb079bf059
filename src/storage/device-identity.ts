import { newId, isValidId } from '../protocol/room';

const deviceKey = 'porthole.device';

/** This browser's device id, kept in localStorage so a reload reclaims its slot. */
export function deviceId(): string {
  try {
    const stored = localStorage.getItem(deviceKey);
    if (isValidId(stored)) return stored;
    const id = newId();
    localStorage.setItem(deviceKey, id);
    return id;
  } catch {
    return newId();
  }
}

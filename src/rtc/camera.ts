/** What the sender asks of the camera. */
export interface CameraRequest {
  /** Ask for the microphone too; falls back to video only when it is refused or missing. */
  audio: boolean;
  /** Which camera on a phone: the user-facing one or the rear one. */
  facingMode?: 'user' | 'environment';
}

/** A camera failure the UI can explain. */
export class CameraError extends Error {
  /** The DOMException name (`NotAllowedError`, `NotFoundError`, …) or `Unsupported`. */
  readonly kind: string;
  constructor(kind: string, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** Opens the camera (and the microphone when allowed); throws a {@link CameraError} with a clear message. */
export async function openCamera(request: CameraRequest): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new CameraError('Unsupported', 'This browser cannot use a camera here. Open Porthole over HTTPS (or localhost).');
  }
  const video: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };
  if (request.facingMode) video.facingMode = { ideal: request.facingMode };
  if (request.audio) {
    try {
      return await navigator.mediaDevices.getUserMedia({ video, audio: true });
    } catch {
      // No microphone, or it was refused: still send video.
    }
  }
  try {
    return await navigator.mediaDevices.getUserMedia({ video, audio: false });
  } catch (error) {
    const name = error instanceof DOMException ? error.name : 'Error';
    const message =
      name === 'NotAllowedError' ? 'Camera permission was denied. Allow the camera for this site and try again.'
      : name === 'NotFoundError' ? 'No camera was found on this device.'
      : name === 'NotReadableError' ? 'The camera is in use by another app.'
      : `The camera could not be opened (${name}).`;
    throw new CameraError(name, message);
  }
}

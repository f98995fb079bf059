/** A resolution/frame-rate choice for the sender's camera. */
export interface CameraPreset {
  /** Stable id (persisted, used in the UI). */
  id: 'saver' | 'sd' | 'hd' | 'fhd';
  /** Ideal width in pixels. */
  width: number;
  /** Ideal height in pixels. */
  height: number;
  /** Ideal frames per second. */
  frameRate: number;
}

/** The presets offered, smallest first; `hd` is the default. */
export const cameraPresets: readonly CameraPreset[] = [
  { id: 'saver', width: 640, height: 360, frameRate: 15 },
  { id: 'sd', width: 640, height: 480, frameRate: 30 },
  { id: 'hd', width: 1280, height: 720, frameRate: 30 },
  { id: 'fhd', width: 1920, height: 1080, frameRate: 30 },
];

/** The default preset id. */
export const defaultPresetId: CameraPreset['id'] = 'hd';

/** What the sender asks of the camera. */
export interface CameraRequest {
  /** Ask for the microphone too; falls back to video only when it is refused or missing. */
  audio: boolean;
  /** Which camera on a phone: the user-facing one or the rear one. */
  facingMode?: 'user' | 'environment';
  /** Resolution and frame rate (default `hd`). */
  preset?: CameraPreset['id'];
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

/** The video constraints of a preset, as ideals so any camera can satisfy them. */
export function presetConstraints(id: CameraPreset['id'] = defaultPresetId): MediaTrackConstraints {
  const preset = cameraPresets.find((p) => p.id === id) ?? cameraPresets[2]!;
  return { width: { ideal: preset.width }, height: { ideal: preset.height }, frameRate: { ideal: preset.frameRate } };
}

/** Opens the camera (and the microphone when allowed); throws a {@link CameraError} with a clear message. */
export async function openCamera(request: CameraRequest): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new CameraError(
      'Unsupported',
      'This browser cannot use a camera here. Open Porthole over HTTPS (or localhost).',
    );
  }
  const video = presetConstraints(request.preset);
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
      name === 'NotAllowedError'
        ? 'Camera permission was denied. Allow the camera for this site and try again.'
        : name === 'NotFoundError'
          ? 'No camera was found on this device.'
          : name === 'NotReadableError'
            ? 'The camera is in use by another app.'
            : `The camera could not be opened (${name}).`;
    throw new CameraError(name, message);
  }
}

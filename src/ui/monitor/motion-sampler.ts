/**
 * Samples the viewer's `<video>` into a small grey frame (a 64×36 canvas) for the motion
 * detector: cheap enough to run a few times a second on the viewer, whatever the sender.
 */
import { type GreyFrame, greyFrame } from './motion-detector';

/** The sampled frame's size in px (16:9; other ratios are stretched, which motion does not mind). */
export const sampleWidthPx = 64;
export const sampleHeightPx = 36;

/** Draws video frames into a small canvas and reads them back grey. */
export class MotionSampler {
  private context: CanvasRenderingContext2D | null | undefined;

  /** The video's current frame, grey and small; undefined when there is none to read. */
  sample(video: HTMLVideoElement | undefined): GreyFrame | undefined {
    if (!video || video.videoWidth === 0 || video.readyState < 2) return undefined;
    if (this.context === undefined) {
      const canvas = document.createElement('canvas');
      canvas.width = sampleWidthPx;
      canvas.height = sampleHeightPx;
      this.context = canvas.getContext('2d', { willReadFrequently: true });
    }
    const context = this.context;
    if (!context) return undefined;
    try {
      context.drawImage(video, 0, 0, sampleWidthPx, sampleHeightPx);
      const { data } = context.getImageData(0, 0, sampleWidthPx, sampleHeightPx);
      return greyFrame(data, sampleWidthPx, sampleHeightPx);
    } catch {
      return undefined;
    }
  }
}

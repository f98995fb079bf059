// Camera streams a page got, for tests that check whether its tracks ended or were reopened.

/** In the page (an init script): keeps every camera stream the page gets in `window.cameraStreams`. */
export function recordCameraStreams(): void {
  const streams: MediaStream[] = [];
  (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams = streams;
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    streams.push(stream);
    return stream;
  };
}

/** In the page: how many camera tracks recorded by {@link recordCameraStreams} are still live. */
export function liveCameraTracks(): number {
  const streams = (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams;
  return streams.flatMap((s) => s.getTracks()).filter((track) => track.readyState === 'live').length;
}

// Injected into every frame before its scripts run (CDP Page.addScriptToEvaluateOnNewDocument).
// Reads the frame index stamped by fake_camera.py from the camera stream (the "glass" side,
// via a tiny local <video> fed by getUserMedia) and from every other <video> (the processed
// stream shown to the patient), logging [index, performance.now() ms] on each new frame.
(() => {
  if (window.__coachProbe || !navigator.mediaDevices) return;
  window.__coachProbe = true;
  const CELL = 32, COLS = 4, ROWS = 4, X = 8, Y = 300, WIDTH = 640;
  const canvas = document.createElement("canvas");
  canvas.width = COLS * CELL;
  canvas.height = ROWS * CELL;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  window.__coachCaptured = [];
  window.__coachShown = [];
  const read = (video) => {
    if (!video.videoWidth) return null;
    const s = video.videoWidth / WIDTH;
    ctx.drawImage(video, X * s, Y * s, COLS * CELL * s, ROWS * CELL * s, 0, 0, COLS * CELL, ROWS * CELL);
    const data = ctx.getImageData(0, 0, COLS * CELL, ROWS * CELL).data;
    const samples = [];
    for (let c = 0; c < COLS * ROWS; c++) {
      const cx = (c % COLS) * CELL + CELL / 2, cy = Math.floor(c / COLS) * CELL + CELL / 2;
      let sum = 0, n = 0;
      for (let dy = -6; dy < 6; dy++) for (let dx = -6; dx < 6; dx++) {
        const i = ((cy + dy) * COLS * CELL + cx + dx) * 4;
        sum += data[i] + data[i + 1] + data[i + 2]; n += 3;
      }
      samples.push(sum / n);
    }
    const white = samples[0], black = samples[1];
    if (white - black < 60) return null;
    const threshold = (white + black) / 2;
    let value = 0;
    for (let i = 2; i < samples.length; i++) value = value * 2 + (samples[i] > threshold ? 1 : 0);
    return value;
  };
  const watch = (video, log) => {
    const step = (now) => {
      const id = read(video);
      if (id !== null && log.length < 20000) log.push([id, now]);
      video.requestVideoFrameCallback(step);
    };
    video.requestVideoFrameCallback(step);
  };
  const local = new WeakSet();
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    if (stream.getVideoTracks().length) {
      const v = document.createElement("video");
      v.muted = true; v.playsInline = true; v.srcObject = stream;
      v.style.cssText = "position:fixed;left:0;top:0;width:32px;height:24px;opacity:0.01;pointer-events:none";
      local.add(v);
      document.body.appendChild(v);
      v.play();
      watch(v, window.__coachCaptured);
    }
    return stream;
  };
  const watched = new WeakSet();
  setInterval(() => {
    for (const v of document.querySelectorAll("video")) {
      if (!local.has(v) && !watched.has(v) && v.srcObject) { watched.add(v); watch(v, window.__coachShown); }
    }
  }, 200);
})();

// Keeps every RTCPeerConnection a page (or its component iframes) makes in window.__coachPeers,
// with the configuration it was given, so a test can read which ICE candidates carry the video.
(() => {
  const Original = window.RTCPeerConnection;
  if (!Original || Original.__coachProbe) return;
  window.__coachPeers = [];
  function Probed(configuration, ...rest) {
    const peer = new Original(configuration, ...rest);
    window.__coachPeers.push({ peer, configuration: configuration || {} });
    return peer;
  }
  Probed.prototype = Original.prototype;
  Probed.__coachProbe = true;
  Object.setPrototypeOf(Probed, Original);
  window.RTCPeerConnection = Probed;
})();

// Injected into every frame before its scripts run: records what the page asks the browser's
// speech synthesis to say (window.__coachSpoken) instead of saying it (no audio in CI).
(() => {
  if (!window.speechSynthesis || window.__coachSpeechProbe) return;
  window.__coachSpeechProbe = true;
  window.__coachSpoken = [];
  window.speechSynthesis.speak = (utterance) => { window.__coachSpoken.push(utterance.text); };
})();

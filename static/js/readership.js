// Counts one reading of this article for "Ən çox oxunanlar". The page itself
// may come from the proxy's short cache without reaching the site, so the page
// reports its reading: one small POST to its own origin (CSP connect-src 'self').
(function () {
  "use strict";
  var script = document.querySelector("script[data-readership-beacon]");
  if (!script) return;
  var url = script.getAttribute("data-readership-beacon");
  if (navigator.sendBeacon && navigator.sendBeacon(url)) return;
  if (window.fetch) {
    fetch(url, { method: "POST", credentials: "same-origin", keepalive: true });
  }
})();

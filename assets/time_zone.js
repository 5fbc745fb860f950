// The mail settings' time zone: while the member has never chosen one (it is
// still UTC), choose the zone the browser reports, and say so; they save it
// with the form. Progressive enhancement: without it, the list works alone.
(function () {
  "use strict";
  var select = document.getElementById("time_zone");
  var hint = document.getElementById("time-zone-hint");
  if (!select || !hint || !window.Intl) return;
  var browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var saved = select.getAttribute("data-saved");
  if (!browser || browser === saved) return;
  var known = Array.prototype.some.call(select.options, function (o) { return o.value === browser; });
  if (!known) return;
  if (saved === "UTC") {
    select.value = browser;
    hint.textContent = "Chosen from your browser: " + browser + ". Save to keep it.";
  } else {
    hint.textContent = "Your browser is set to " + browser + "; the digest follows " + saved + " until you change it here.";
  }
  hint.hidden = false;
})();

// While someone types the title of a new question, show the known issues,
// guides and solved threads that look like it (known issues first). Progressive enhancement: the form works the same without it.
// The part-swap fields show only while "part swap" is the kind chosen
// (without JavaScript they sit in a closed box the server ignores for other kinds).
(function () {
  "use strict";
  var swap = document.getElementById("swap-fields");
  var kinds = document.querySelectorAll("input[name=kind]");
  if (!swap || !kinds.length) return;
  function follow() {
    var chosen = document.querySelector("input[name=kind]:checked");
    var isSwap = !!chosen && chosen.value === "part_swap";
    swap.hidden = !isSwap;
    if (isSwap) swap.open = true;
  }
  kinds.forEach(function (k) { k.addEventListener("change", follow); });
  follow();
})();

(function () {
  "use strict";
  var title = document.getElementById("title");
  var box = document.getElementById("suggestions");
  if (!title || !box || !window.fetch) return;
  var timer = null;
  var last = "";
  // The words come from the page, in its language (data-* on the box).
  var words = box.dataset;

  function show(items) {
    box.textContent = "";
    if (!items.length) { box.hidden = true; return; }
    var heading = document.createElement("p");
    heading.className = "suggestions-heading";
    heading.textContent = words.heading || "These may already answer it:";
    box.appendChild(heading);
    var list = document.createElement("ul");
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.title;
      a.target = "_blank";
      li.appendChild(a);
      var label = item.kind === "known_issue" ? words.knownIssue || "Known issue" : item.kind === "guide" ? words.guide || "Guide" : item.solved ? words.solved || "Solved" : "";
      if (label) {
        var kind = document.createElement("span");
        kind.className = "status status-solved";
        kind.textContent = label;
        li.appendChild(document.createTextNode(" "));
        li.appendChild(kind);
      }
      if (item.verified) {
        var badge = document.createElement("span");
        badge.className = "status status-verified";
        badge.textContent = words.verified || "Verified";
        li.appendChild(document.createTextNode(" "));
        li.appendChild(badge);
      }
      list.appendChild(li);
    });
    box.appendChild(list);
    box.hidden = false;
  }

  function lookUp() {
    var text = title.value.trim();
    if (text === last) return;
    last = text;
    if (text.split(/\s+/).length < 2) { show([]); return; }
    var device = document.getElementById("device");
    var family = device && device.value ? "&device=" + encodeURIComponent(device.value) : "";
    fetch("/api/v1/suggest?title=" + encodeURIComponent(text) + family, { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (data) { if (title.value.trim() === text) show(data.suggestions || []); })
      .catch(function () { show([]); });
  }

  title.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookUp, 300);
  });
})();

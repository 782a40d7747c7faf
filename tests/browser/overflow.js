/* Injected by tests/browser/run.sh into a copy of report.html (phone
 * width): marks <body data-check> "ok", or "FAIL" and the elements that
 * reach past the viewport horizontally.  No console output. */
(function () {
  "use strict";
  /* headless Chromium may lay out --dump-dom wider than --window-size:
   * the page is held to 420 px (the phone rules apply below 760 px) */
  document.documentElement.style.width = "420px";
  var vw = Math.min(document.documentElement.clientWidth, 420), bad = [];
  Array.prototype.forEach.call(document.body.querySelectorAll("*"), function (el) {
    var r = el.getBoundingClientRect();
    if (!r.width || !r.height) return;
    if (r.right > vw + 1 || r.left < -1)
      bad.push(el.tagName + (el.id ? "#" + el.id : "") + (el.className && el.className.baseVal === undefined ? "." + el.className : "") +
               "[" + Math.round(r.left) + ".." + Math.round(r.right) + "]");
  });
  document.body.setAttribute("data-check", bad.length ? "FAIL " + vw + "px: " + bad.slice(0, 12).join(" ") : "ok");
})();

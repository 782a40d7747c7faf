/* Injected by tests/browser/run.sh into a copy of report.html whose print
 * rules apply on screen, at the printed page's width: marks <body
 * data-check> "ok", or "FAIL" and the table cells narrower than their
 * content's longest word (words may not break inside).  No console output. */
(function () {
  "use strict";
  var st = document.createElement("style"), bad = [];
  st.textContent = "td,th,td *,th *{overflow-wrap:normal!important;word-break:normal!important}";
  document.head.appendChild(st);
  Array.prototype.forEach.call(document.querySelectorAll("td,th"), function (c) {
    var r = c.getBoundingClientRect();
    if (!r.width || !r.height) return;
    if (c.scrollWidth > c.clientWidth + 1)
      bad.push((c.closest("table").id || c.closest("table").className) + ":" + c.tagName + "(" +
               c.textContent.slice(0, 40) + ")" + c.scrollWidth + ">" + c.clientWidth);
  });
  document.body.setAttribute("data-check", bad.length ? "FAIL: " + bad.slice(0, 12).join(" | ") : "ok");
})();

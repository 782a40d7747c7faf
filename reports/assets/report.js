(function () {
  "use strict";
  var coll = new Intl.Collator(undefined, {numeric: true, sensitivity: "base"});
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  function sortBy(table, th, col) {
    var asc = th.getAttribute("aria-sort") !== "ascending";
    each(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var body = table.tBodies[0], frag = document.createDocumentFragment();
    var rows = Array.prototype.map.call(body.rows, function (r, j) {
      var c = r.cells[col];
      return {r: r, k: c ? c.textContent : "", j: j};
    });
    rows.sort(function (a, b) {
      var d = coll.compare(a.k, b.k);
      return (asc ? d : -d) || a.j - b.j;
    });
    rows.forEach(function (x) { frag.appendChild(x.r); });
    body.appendChild(frag);
  }
  each(document.querySelectorAll("table.sortable"), function (t) {
    each(t.tHead.rows[0].cells, function (th, col) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      b.title = "Sort by this column";
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener("click", function () { sortBy(t, th, col); });
    });
  });
  each(document.querySelectorAll("div.filter"), function (f) {
    var t = f.nextElementSibling, box = f.querySelector("input");
    var out = f.querySelector(".fcount");
    if (!t || !t.tBodies || !t.tBodies.length || !box) return;
    f.hidden = false;
    box.addEventListener("input", function () {
      var q = box.value.trim().toLowerCase(), rows = t.tBodies[0].rows, n = 0, i, r;
      for (i = 0; i < rows.length; i++) {
        r = rows[i];
        if (r.vText === undefined) r.vText = r.textContent.toLowerCase();
        r.hidden = q !== "" && r.vText.indexOf(q) < 0;
        if (!r.hidden) n++;
      }
      out.textContent = q ? n + " of " + rows.length + " rows match" : "";
    });
  });
})();

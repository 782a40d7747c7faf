(function () {
  "use strict";
  var coll = new Intl.Collator(undefined, {numeric: true, sensitivity: "base"});
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  /* a cell's sort key: its data-k (severity: 1 error, 2 warning, 3 info), else its text */
  function key(c) { return c ? (c.getAttribute("data-k") || c.textContent) : ""; }
  function sortBy(table, th, col) {
    var asc = th.getAttribute("aria-sort") !== "ascending";
    each(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var body = table.tBodies[0], frag = document.createDocumentFragment();
    var rows = Array.prototype.map.call(body.rows, function (r, j) {
      return {r: r, k: key(r.cells[col]), j: j};
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
    var total = parseInt(t.getAttribute("data-total") || "0", 10);
    box.addEventListener("input", function () {
      var q = box.value.trim().toLowerCase(), rows = t.tBodies[0].rows, n = 0, i, r;
      for (i = 0; i < rows.length; i++) {
        r = rows[i];
        if (r.vText === undefined) r.vText = r.textContent.toLowerCase();
        r.hidden = q !== "" && r.vText.indexOf(q) < 0;
        if (!r.hidden) n++;
      }
      var msg = q ? n + " of the " + rows.length + " rows shown match" : "";
      if (q && total > rows.length)
        msg += "; " + (total - rows.length) + " more findings of this rule are not shown here: use Search all findings";
      out.textContent = msg;
    });
  });

  /* ---- search across every finding (the embedded JSON) ---- */
  var form = document.getElementById("search-form");
  var res = document.getElementById("search-results");
  var rulesEl = document.getElementById("vd-rules");
  var dataEl = document.getElementById("vd-findings");
  if (!form || !res || !rulesEl || !dataEl) return;
  var SHOW = 200, rules = null, data = null, lower = null;
  function load() {
    if (data) return;
    rules = JSON.parse(rulesEl.textContent);
    data = JSON.parse(dataEl.textContent);
    lower = new Array(data.length);
  }
  function text(f) {
    return (rules[f[0]][0] + " " + f[1] + " " + f[2] + " " + f[3] + " " + f[4] + " " + f[5]).toLowerCase();
  }
  function td(tr, s, cls) {
    var c = document.createElement("td");
    if (cls) c.className = cls;
    c.textContent = s;
    tr.appendChild(c);
    return c;
  }
  function run() {
    load();
    var q = form.q.value.trim().toLowerCase(), rec = form.rec.value.trim().toLowerCase();
    var sev = form.sev.value, rule = form.rule.value, out = [], n = 0, i, f, r;
    for (i = 0; i < data.length; i++) {
      f = data[i];
      r = rules[f[0]];
      if (sev && r[1] !== sev) continue;
      if (rule && r[0] !== rule) continue;
      if (rec && (f[1].toLowerCase().indexOf(rec) < 0 && f[4].toLowerCase().indexOf(rec) < 0)) continue;
      if (q) {
        if (lower[i] === undefined) lower[i] = text(f);
        if (lower[i].indexOf(q) < 0) continue;
      }
      n++;
      if (out.length < SHOW) out.push(f);
    }
    var body = res.tBodies[0], frag = document.createDocumentFragment();
    out.forEach(function (f) {
      var r = rules[f[0]], tr = document.createElement("tr"), c = document.createElement("td");
      var a = document.createElement("a");
      a.href = r[2];
      a.textContent = r[0];
      c.className = "mono";
      c.appendChild(a);
      tr.appendChild(c);
      td(tr, r[1]).setAttribute("data-k", r[1]);
      td(tr, f[1], "mono");
      td(tr, f[2], "mono");
      td(tr, (f[5] ? "[" + f[5] + "] " : "") + f[3]);
      td(tr, f[4].split("; ").join("\n"), "mono ev pre");
      frag.appendChild(tr);
    });
    while (body.firstChild) body.removeChild(body.firstChild);
    body.appendChild(frag);
    var any = q || rec || sev || rule;
    res.hidden = !any;
    document.getElementById("search-count").textContent = any ?
      n + " of " + data.length + " findings match" + (n > SHOW ? "; the first " + SHOW + " are shown" : "") : "";
  }
  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  each(form.querySelectorAll("input,select"), function (el) {
    el.addEventListener(el.tagName === "SELECT" ? "change" : "input", run);
  });
  /* #find?q=...&sev=...&rule=...&rec=... fills the form and runs the search */
  function fromHash() {
    var h = location.hash;
    if (h.indexOf("#find?") !== 0) return;
    var p = new URLSearchParams(h.slice(6));
    ["q", "sev", "rule", "rec"].forEach(function (k) { form[k].value = p.get(k) || ""; });
    run();
    document.getElementById("search").scrollIntoView();
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();

/* maturity site script: optional enhancements; every page works without it.
   Sortable tables (click a column heading), filter boxes ([data-filter]), the search page, and every
   checklist level opened for printing. No dependencies, nothing loaded from elsewhere. */
(function () {
  "use strict";
  var doc = document;

  /* A cell's sort key: a number when the text starts with one ("43 %", "2", "2026-09-30" sorts as text). */
  function key(cell) {
    var t = (cell ? cell.textContent : "").trim();
    if (/^\d{4}-\d{2}-\d{2}/.test(t)) return { n: null, t: t };
    var m = t.replace(",", "").match(/^-?\d+(\.\d+)?/);
    if (m) return { n: parseFloat(m[0]), t: t };
    if (t === "" || t === "n/a" || t === "\u2013") return { n: -Infinity, t: "" };
    return { n: null, t: t.toLowerCase() };
  }

  function sortable(table) {
    var head = table.tHead;
    var body = table.tBodies[0];
    if (!head || !body || head.rows.length !== 1 || body.rows.length < 2) return;
    var ths = head.rows[0].cells;
    Array.prototype.forEach.call(ths, function (th, col) {
      var b = doc.createElement("button");
      b.type = "button";
      b.className = "sort";
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(ths, function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.forEach(function (r, i) { r._i = i; });
        rows.sort(function (a, c) {
          var x = key(a.cells[col]), y = key(c.cells[col]), d;
          if (x.n !== null && y.n !== null) d = x.n - y.n;
          else if (x.n !== null) d = -1;
          else if (y.n !== null) d = 1;
          else d = x.t < y.t ? -1 : x.t > y.t ? 1 : 0;
          return (asc ? d : -d) || a._i - c._i;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  /* A filter box before each [data-filter]: hides table rows, list items or the names of a `.names` line whose text lacks the words. */
  function filterable(el, n) {
    var items = el.tagName === "TABLE"
      ? Array.prototype.slice.call(el.tBodies[0] ? el.tBodies[0].rows : [])
      : Array.prototype.slice.call(el.querySelectorAll("li, .names > a, .names > span"));
    var box = doc.createElement("p");
    box.className = "filter";
    var id = "filter-" + n;
    var label = doc.createElement("label");
    label.htmlFor = id;
    label.textContent = el.getAttribute("data-filter") || "Filter";
    var input = doc.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    var count = doc.createElement("span");
    count.className = "muted";
    count.setAttribute("aria-live", "polite");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(count);
    var at = el.parentNode.classList.contains("scroll") ? el.parentNode : el;
    at.parentNode.insertBefore(box, at);
    var texts = items.map(function (i) { return i.textContent.toLowerCase(); });
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item, i) {
        var ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
        item.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = words.length ? " " + shown + " of " + items.length + " shown" : "";
    });
  }

  /* The search page: results from search-index.js (teams, groups and activities) as you type. */
  function search() {
    var out = doc.getElementById("search-results");
    var input = doc.getElementById("search-q");
    var index = window.MATURITY_SEARCH;
    if (!out || !input || !index) return;
    var root = doc.body.getAttribute("data-root") || "";
    var kinds = { t: "team", g: "group", a: "activity" };
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) input.value = q;
    doc.getElementById("search-nojs").hidden = true;
    function run() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      out.textContent = "";
      if (!words.length) return;
      var hits = index.filter(function (e) {
        var t = e[1].toLowerCase();
        return words.every(function (w) { return t.indexOf(w) >= 0; });
      });
      var status = doc.getElementById("search-status");
      status.textContent = hits.length + (hits.length === 1 ? " match" : " matches") + (hits.length > 200 ? ", showing 200" : "");
      hits.slice(0, 200).forEach(function (e) {
        var li = doc.createElement("li");
        var a = doc.createElement("a");
        a.href = root + e[2];
        a.textContent = e[1];
        var k = doc.createElement("span");
        k.className = "muted";
        k.textContent = " " + kinds[e[0]];
        li.appendChild(a);
        li.appendChild(k);
        out.appendChild(li);
      });
    }
    input.addEventListener("input", run);
    run();
  }

  function start() {
    Array.prototype.forEach.call(doc.querySelectorAll("table.data"), sortable);
    Array.prototype.forEach.call(doc.querySelectorAll("[data-filter]"), filterable);
    search();
  }
  /* Print every level of a checklist, not only the open one. */
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(doc.querySelectorAll("details"), function (d) {
      if (!d.open) { d.open = true; d.setAttribute("data-print-opened", ""); }
    });
  });
  window.addEventListener("afterprint", function () {
    Array.prototype.forEach.call(doc.querySelectorAll("details[data-print-opened]"), function (d) {
      d.open = false; d.removeAttribute("data-print-opened");
    });
  });
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
  else start();
})();

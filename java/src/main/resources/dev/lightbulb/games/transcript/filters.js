// lightbulb's results browser: filter a table's rows by the values of its selects, and sort it by a column.
// Runs from a local file; no network. The filter state is kept in the address's #fragment so a filtered view can be linked.
(function () {
  "use strict";
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var table = document.querySelector("table.filterable");
  var shown = document.querySelector(".filters .count b");
  if (!table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);

  function wanted() {
    var w = {};
    selects.forEach(function (s) { if (s.value !== "") w[s.getAttribute("data-filter")] = s.value; });
    return w;
  }

  function apply() {
    var w = wanted(), keys = Object.keys(w), n = 0;
    rows.forEach(function (r) {
      var keep = keys.every(function (k) { return r.getAttribute("data-" + k) === w[k]; });
      r.hidden = !keep;
      if (keep) n++;
    });
    if (shown) shown.textContent = String(n);
    var hash = keys.map(function (k) { return encodeURIComponent(k) + "=" + encodeURIComponent(w[k]); }).join("&");
    try { history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search); } catch (e) { /* some file:// pages refuse */ }
  }

  function fromHash() {
    selects.forEach(function (s) { s.value = ""; });
    var parts = location.hash.replace(/^#/, "").split("&");
    parts.forEach(function (p) {
      var kv = p.split("=");
      if (kv.length !== 2) return;
      var k = decodeURIComponent(kv[0]), v = decodeURIComponent(kv[1]);
      selects.forEach(function (s) {
        if (s.getAttribute("data-filter") === k && Array.prototype.some.call(s.options, function (o) { return o.value === v; })) s.value = v;
      });
    });
  }

  function sortBy(th) {
    var col = th.cellIndex, numeric = th.getAttribute("data-sort") === "num";
    var asc = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    function key(r) {
      var c = r.cells[col], v = c.hasAttribute("data-value") ? c.getAttribute("data-value") : c.textContent.trim();
      if (!numeric) return v;
      var x = parseFloat(v);
      return isNaN(x) ? -Infinity : x;
    }
    var sorted = rows.slice().sort(function (a, b) {
      var ka = key(a), kb = key(b);
      var c = numeric ? ka - kb : String(ka).localeCompare(String(kb), undefined, { numeric: true });
      return asc ? c : -c;
    });
    var body = table.tBodies[0];
    sorted.forEach(function (r) { body.appendChild(r); });
  }

  selects.forEach(function (s) { s.addEventListener("change", apply); });
  Array.prototype.forEach.call(table.querySelectorAll("th[data-sort]"), function (th) {
    th.addEventListener("click", function () { sortBy(th); });
  });
  window.addEventListener("hashchange", function () { fromHash(); apply(); });
  fromHash();
  apply();
})();

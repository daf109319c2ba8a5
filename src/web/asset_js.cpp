// /static/heartbeat.js: filter, sort and auto-refresh of the tables. Served as
// a file so the Content-Security-Policy can forbid inline script; the pages
// work without it (everything is in the HTML).
#include "web/assets.h"

namespace heartbeat::web {

const char* const kScript = R"js(
"use strict";
(function () {
  var REFRESH_MS = 30000;
  var sortKey = null, sortDescending = false;

  function rows(table) { return Array.prototype.slice.call(table.tBodies[0].rows); }

  function applyFilter() {
    var table = document.querySelector("table[data-filterable]");
    if (!table) return;
    var text = (document.getElementById("filter") || {value: ""}).value.trim().toLowerCase();
    var state = (document.getElementById("state-filter") || {value: ""}).value;
    var shown = 0, all = rows(table);
    all.forEach(function (row) {
      var haystack = (row.dataset.name + " " + row.dataset.team).toLowerCase();
      var visible = haystack.indexOf(text) !== -1 && (!state || row.dataset.state === state);
      row.hidden = !visible;
      if (visible) shown++;
    });
    var status = document.getElementById("shown");
    if (status) status.textContent = shown + " of " + all.length + " applications shown";
  }

  function compare(a, b) {
    var x = a.dataset[sortKey] || "", y = b.dataset[sortKey] || "";
    var nx = parseFloat(x), ny = parseFloat(y);
    var result = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
    if (result === 0) result = a.dataset.name.localeCompare(b.dataset.name);
    return sortDescending ? -result : result;
  }

  function applySort() {
    var table = document.querySelector("table[data-sortable]");
    if (!table || !sortKey) return;
    var body = table.tBodies[0];
    rows(table).sort(compare).forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("th[data-key]").forEach(function (th) {
      if (th.dataset.key === sortKey) {
        th.setAttribute("aria-sort", sortDescending ? "descending" : "ascending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
  }

  function refresh() {
    var box = document.getElementById("auto-refresh");
    if (box && !box.checked) return;
    fetch(window.location.href, {credentials: "same-origin", cache: "no-store"})
      .then(function (answer) { return answer.ok ? answer.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-refresh]").forEach(function (old) {
          var replacement = fresh.getElementById(old.id);
          if (replacement) old.replaceWith(document.importNode(replacement, true));
        });
        applySort();
        applyFilter();
      })
      .catch(function () { /* the next refresh tries again */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var filter = document.getElementById("filter");
    if (filter) filter.addEventListener("input", applyFilter);
    var stateFilter = document.getElementById("state-filter");
    if (stateFilter) stateFilter.addEventListener("change", applyFilter);
    document.querySelectorAll("th[data-key] button").forEach(function (button) {
      button.addEventListener("click", function () {
        var key = button.parentElement.dataset.key;
        sortDescending = (key === sortKey) ? !sortDescending : false;
        sortKey = key;
        applySort();
      });
    });
    var controls = document.querySelectorAll(".needs-script");
    controls.forEach(function (element) { element.hidden = false; });
    applyFilter();
    if (document.querySelector("[data-refresh]")) setInterval(refresh, REFRESH_MS);
  });
})();
)js";

}  // namespace heartbeat::web

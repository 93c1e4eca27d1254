// Optional: filter the checks by status. Without JavaScript every check shows and the buttons stay hidden.
(function () {
  var bar = document.getElementById("filters");
  var checks = document.getElementById("checks");
  if (!bar || !checks) { return; }
  bar.hidden = false;
  bar.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    checks.setAttribute("data-filter", button.getAttribute("data-filter"));
    bar.querySelectorAll("button").forEach(function (other) {
      other.setAttribute("aria-pressed", other === button ? "true" : "false");
    });
  });
})();

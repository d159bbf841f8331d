// Progressive enhancement only: every page works without this file.
// Confirms destructive actions (buttons with data-confirm).
document.addEventListener("submit", function (e) {
  var btn = e.submitter;
  var msg = btn && btn.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) e.preventDefault();
});

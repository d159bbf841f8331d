// Progressive enhancement only: every page works without this file.
// Confirms destructive actions (buttons with data-confirm).
document.addEventListener("submit", function (e) {
  var btn = e.submitter;
  var msg = btn && btn.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) e.preventDefault();
});

// Menus of the top bar (<details>): one open at a time; a click elsewhere or
// Escape closes them.
document.addEventListener("click", function (e) {
  document.querySelectorAll("details.menu[open]").forEach(function (d) {
    if (!d.contains(e.target)) d.removeAttribute("open");
  });
});
document.addEventListener("keydown", function (e) {
  if (e.key === "Escape") document.querySelectorAll("details.menu[open]").forEach(function (d) { d.removeAttribute("open"); });
});

// Live character counters on the compose form: the text each account gets
// (theme hashtag in front, link last), counted as a reader sees characters.
(function () {
  var form = document.getElementById("post-form");
  if (!form) return;
  var seg = window.Intl && Intl.Segmenter ? new Intl.Segmenter("id", { granularity: "grapheme" }) : null;
  function graphemes(s) {
    if (seg) { var n = 0; for (var _ of seg.segment(s)) n++; return n; }
    return Array.from(s).length;
  }
  function value(name) { var el = form.elements[name]; return el ? el.value.trim() : ""; }
  function update() {
    var tag = value("hashtag"); if (tag && tag[0] !== "#") tag = "#" + tag;
    var link = value("link");
    form.querySelectorAll(".target").forEach(function (t) {
      var box = t.querySelector("input[type=checkbox]");
      var out = t.querySelector(".counter");
      if (!box || !out) return;
      if (!box.checked) { out.textContent = ""; return; }
      var variant = t.querySelector("textarea");
      var body = variant && variant.value.trim() ? variant.value.trim() : value("body");
      var text = (tag && body.toLowerCase().indexOf(tag.toLowerCase()) < 0 ? tag + " " : "") + body;
      if (link && text.indexOf(link) < 0) text += "\n" + link;
      var linkChars = parseInt(t.dataset.link || "0", 10);
      var count = linkChars > 0
        ? text.split(" ").reduce(function (n, w, i) { return n + (i ? 1 : 0) + (/^https?:\/\/\S{4,}/.test(w) ? linkChars : graphemes(w)); }, 0)
        : graphemes(text);
      var parts = [];
      var limit = parseInt(t.dataset.limit || "0", 10);
      if (limit > 0) parts.push(count + " / " + limit);
      if (t.dataset.microblog === "true") parts.push(graphemes(text) + " / 140 (Lampiran A)");
      if (!parts.length) parts.push(count + "");
      out.textContent = parts.join(" · ");
      var over = (limit > 0 && count > limit) || (t.dataset.microblog === "true" && graphemes(text) > 140);
      out.className = "counter" + (over ? " over" : "");
    });
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  var campaign = form.elements["campaign_id"];
  if (campaign) campaign.addEventListener("change", function () {
    var opt = campaign.options[campaign.selectedIndex];
    if (opt && opt.dataset.hashtag && !value("hashtag")) form.elements["hashtag"].value = opt.dataset.hashtag;
    update();
  });
  update();
})();

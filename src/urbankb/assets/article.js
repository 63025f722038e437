/* urbankb article pages: one-click copy of the citation (GB/T 7714 reference, BibTeX).
 * A button with data-kb-copy="ID" copies the text of the element #ID.  Uses the
 * asynchronous Clipboard API (https://developer.mozilla.org/docs/Web/API/Clipboard/writeText),
 * and where it is refused (a page opened over plain http from another host) selects
 * the text and runs document.execCommand("copy"). */
(function () {
  "use strict";

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(area);
    return done;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return fallbackCopy(text); });
    }
    return Promise.resolve(fallbackCopy(text));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-kb-copy]") : null;
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-kb-copy"));
    if (!source) return;
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    copy(source.textContent).then(function (ok) {
      button.textContent = ok ? "已复制" : "请手动复制";
      button.setAttribute("data-copied", ok ? "yes" : "no");
      window.setTimeout(function () { button.textContent = label; button.removeAttribute("data-copied"); }, 2000);
    });
  });
})();

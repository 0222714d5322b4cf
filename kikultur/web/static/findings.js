/* Findings view, progressive enhancement (the pages work without it):
   - a marked text stretch shows its hints in a popover on hover and keyboard focus
     (Escape closes it; the pointer may move onto it; WCAG 1.4.13),
   - a suggestion button posts its form in the background and swaps the page's <main>,
     so the text changes in place,
   - a file larger than the upload limit is refused before it is sent (nothing is lost).
   No third-party code; German texts come from the page (data attributes), not from here. */
(function () {
  "use strict";
  // HTMX may run this file again after a boosted page change: listen only once.
  if (window.kikulturFindings) { return; }
  window.kikulturFindings = true;

  var popover = null;
  var current = null;
  var hideTimer = null;

  function ensurePopover() {
    if (popover) { return popover; }
    popover = document.createElement("div");
    popover.className = "finding-popover";
    // The same text is the mark's accessible description already; this box is visual only.
    popover.setAttribute("aria-hidden", "true");
    popover.hidden = true;
    popover.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    popover.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(popover);
    return popover;
  }

  function show(mark) {
    var ids = (mark.getAttribute("data-tips") || "").split(/\s+/);
    var box = ensurePopover();
    clearTimeout(hideTimer);
    box.textContent = "";
    ids.forEach(function (id) {
      var tip = id && document.getElementById(id);
      if (tip) {
        var copy = tip.cloneNode(true);
        copy.removeAttribute("id");
        copy.removeAttribute("role");
        box.appendChild(copy);
      }
    });
    if (!box.firstChild) { return; }
    box.hidden = false;
    var rect = mark.getBoundingClientRect();
    var left = Math.max(8, Math.min(rect.left + window.scrollX,
      window.scrollX + document.documentElement.clientWidth - box.offsetWidth - 8));
    box.style.left = left + "px";
    box.style.top = (rect.bottom + window.scrollY + 6) + "px";
    current = mark;
  }

  function hide() {
    if (popover) { popover.hidden = true; }
    current = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);
  }

  function markOf(target) {
    return target && target.closest ? target.closest("mark.finding") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var mark = markOf(event.target);
    if (mark && mark !== current) { show(mark); }
  });
  document.addEventListener("mouseout", function (event) {
    if (markOf(event.target)) { scheduleHide(); }
  });
  document.addEventListener("focusin", function (event) {
    var mark = markOf(event.target);
    if (mark) { show(mark); } else if (current) { hide(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) { hide(); }
  });

  /* One-click suggestions in place. */
  function groupHeadingId(button) {
    var section = button.closest(".findings-group");
    var heading = section && section.querySelector("h1, h2, h3, h4, h5, h6");
    return heading ? heading.id : null;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    if (!form.hasAttribute || !form.hasAttribute("data-findings-form")) { return; }
    if (form.hasAttribute("data-findings-native")) {
      form.removeAttribute("data-findings-native");
      return;
    }
    if (!button || button.name !== "apply" || !window.fetch || !window.DOMParser) { return; }
    event.preventDefault();
    function nativeSubmit() {
      // Without a usable answer the ordinary form submission does the job.
      form.setAttribute("data-findings-native", "");
      form.requestSubmit(button);
    }
    var focusId = groupHeadingId(button);
    var data = new FormData(form, button);
    var scroll = window.scrollY;
    hide();
    document.body.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "findings" }
    }).then(function (response) {
      return response.text();
    }).then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var fresh = page.querySelector("main");
      var main = document.querySelector("main");
      if (!fresh || !main) { nativeSubmit(); return; }
      main.innerHTML = fresh.innerHTML;
      window.scrollTo(0, scroll);
      var target = (focusId && document.getElementById(focusId)) ||
        document.querySelector("[data-findings-focus]");
      if (target) { target.focus({ preventScroll: true }); }
    }).catch(nativeSubmit).finally(function () {
      document.body.removeAttribute("aria-busy");
    });
  });

  /* A file over the limit is refused before it is sent; the text stays as it is. */
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) { return; }
    var max = parseInt(input.getAttribute("data-max-bytes"), 10);
    var errorId = input.id + "-fehler";
    var message = document.getElementById(errorId);
    var file = input.files && input.files[0];
    if (file && file.size > max) {
      if (!message) {
        message = document.createElement("p");
        message.className = "field-error";
        message.id = errorId;
        input.insertAdjacentElement("afterend", message);
      }
      message.setAttribute("role", "alert");
      message.textContent = input.getAttribute("data-too-large");
      input.value = "";
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", (input.id + "-hinweis " + errorId));
    } else if (file) {
      if (message) { message.remove(); }
      input.removeAttribute("aria-invalid");
      input.setAttribute("aria-describedby", input.id + "-hinweis");
    }
  });
}());

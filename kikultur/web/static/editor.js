/* Draft pages, progressive enhancement (every page works without it):
   - generation forms (data-generate-form) stream the text live from their data-stream-url;
     "Stopp" cancels, what arrived is kept (the box says whether any text was); without a
     stream the form is sent normally,
   - the editor (form[data-editor]) saves automatically (debounced, with base_version),
     keeps a copy of unsaved text in localStorage until the server has it, restores it after
     a reload or a lost connection, and shows a conflict from a second tab.
   No third-party code; every German text comes from the page (data attributes). */
(function () {
  "use strict";
  // Loaded again after an HTMX-boosted navigation: the listeners exist, only set up the page.
  if (window.kikulturEditor) { window.kikulturEditor.init(); return; }

  function csrfOf(form) {
    var field = form.querySelector("input[name=csrf_token]") ||
      document.querySelector("input[name=csrf_token]");
    return field ? field.value : "";
  }

  /* ---- streamed generation ---- */

  function parseEvents(buffer, onEvent) {
    var parts = buffer.split("\n\n");
    var rest = parts.pop();
    parts.forEach(function (block) {
      var name = "message";
      var data = "";
      block.split("\n").forEach(function (line) {
        if (line.indexOf("event: ") === 0) { name = line.slice(7); }
        else if (line.indexOf("data: ") === 0) { data += line.slice(6); }
      });
      if (data) { onEvent(name, JSON.parse(data)); }
    });
    return rest;
  }

  function startStream(form, submitter) {
    var live = document.getElementById("live");
    var text = document.getElementById("live-text");
    var status = document.getElementById("live-status");
    var stopButton = document.getElementById("live-stopp");
    var fault = document.getElementById("live-fehler");
    var draft = null;
    var done = false;
    var stopped = false;
    var stopWanted = false;  // "Stopp" before the server named the draft: sent when it does
    var data = new FormData(form, submitter);
    // A second click while this generation starts or runs is ignored (see the submit
    // listener); the button says so by being disabled.
    form.setAttribute("data-generating", "");
    if (submitter) { submitter.disabled = true; }
    function enable() {
      form.removeAttribute("data-generating");
      Array.prototype.forEach.call(form.elements, function (el) { el.disabled = false; });
    }
    function native() {
      // Disabled fields are not sent: without this the fallback post lacked its CSRF
      // token and the user saw "Formular abgelaufen" although a draft was being written.
      enable();
      form.setAttribute("data-native", "");
      form.requestSubmit(submitter);
    }
    fetch(form.getAttribute("data-stream-url"), {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRF-Token": csrfOf(form), "Accept": "text/event-stream" }
    }).then(function (response) {
      var type = response.headers.get("content-type") || "";
      if (!response.ok || type.indexOf("text/event-stream") !== 0 || !response.body) {
        native();  // errors at the fields, privacy preview: the server renders them
        return null;
      }
      live.hidden = false;
      fault.hidden = true;
      text.textContent = "";
      stopButton.hidden = false;
      stopButton.disabled = false;
      status.textContent = status.getAttribute("data-text-running");
      Array.prototype.forEach.call(form.elements, function (el) { el.disabled = true; });
      live.scrollIntoView({ block: "start" });
      function sendStop() {
        fetch("/entwuerfe/" + draft.id + "/stopp", {
          method: "POST", credentials: "same-origin",
          headers: { "X-CSRF-Token": csrfOf(form), "Accept": "application/json" }
        });
      }
      stopButton.onclick = function () {
        stopped = true;
        stopButton.disabled = true;
        // The model stops between two pieces of text, which may take a moment.
        status.textContent = status.getAttribute("data-text-stopping");
        if (draft) { sendStop(); } else { stopWanted = true; }
      };
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      function onEvent(name, payload) {
        if (name === "draft") { draft = payload; if (stopWanted) { sendStop(); } }
        else if (name === "chunk") { text.textContent += payload.text; }
        else if (name === "done") { done = true; finish(payload); }
      }
      function pump() {
        return reader.read().then(function (step) {
          if (step.done) {
            if (!done) { lost(); }
            return null;
          }
          buffer = parseEvents(buffer + decoder.decode(step.value, { stream: true }), onEvent);
          return pump();
        });
      }
      return pump();
    }).catch(function () {
      if (!draft) { native(); } else if (!done) { lost(); }
    });

    function finish(result) {
      stopButton.hidden = true;
      text.textContent = result.text || text.textContent;
      if (result.ok) {
        status.textContent = result.status || status.getAttribute("data-text-done");
        window.location.href = result.editor + "?hinweis=erzeugt";
        return;
      }
      // Stopped or failed: the status line says whether any text was kept; the link leads
      // to the kept text, or (no text) to the draft that holds the inputs.
      status.textContent = result.status || "";
      showFault(result.message || "", result.editor, result.retry, !!result.version);
    }
    function lost() {
      stopButton.hidden = true;
      enable();
      var kept = text.textContent.trim() !== "";
      status.textContent = status.getAttribute(kept ? "data-text-lost" : "data-text-lost-empty");
      if (draft) {
        showFault("", draft.editor, "/entwuerfe/" + draft.id + "/erneut", kept);
      }
    }
    function showFault(message, editorUrl, retryUrl, hasText) {
      enable();
      fault.hidden = false;
      var alertBox = document.getElementById("live-meldung");
      alertBox.textContent = message;
      alertBox.hidden = !message;
      var link = document.getElementById("live-editor");
      link.hidden = !editorUrl;
      if (editorUrl) {
        link.href = editorUrl;
        link.textContent = link.getAttribute(hasText ? "data-text-text" : "data-text-empty");
      }
      var retry = document.getElementById("live-retry");
      retry.action = retryUrl;
      retry.setAttribute("data-stream-url", retryUrl + "/live");
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-generate-form")) { return; }
    if (form.hasAttribute("data-native")) { form.removeAttribute("data-native"); return; }
    // A double click: the first click's generation runs (or starts); it is the one shown.
    if (form.hasAttribute("data-generating")) { event.preventDefault(); return; }
    var submitter = event.submitter;
    if (submitter && submitter.value === "preview") { return; }
    if (!form.getAttribute("data-stream-url") || !window.fetch || !window.TextDecoder ||
        !document.getElementById("live")) { return; }
    event.preventDefault();
    startStream(form, submitter);
  });

  /* ---- editor: autosave, backup, conflicts ---- */

  var timer = null;
  var saving = false;
  var again = false;

  function editorForm() { return document.querySelector("form[data-editor]"); }
  function backupKey(form) { return "kikultur-entwurf-" + form.getAttribute("data-draft-id"); }
  function setStatus(form, message) {
    var box = document.getElementById("autosave-status");
    if (box) { box.textContent = message; }
  }

  function refreshFindings() {
    // Fresh findings for the saved text; the text field itself is left alone.
    return fetch(window.location.pathname, { credentials: "same-origin" }).then(function (r) {
      return r.ok ? r.text() : null;
    }).then(function (html) {
      if (!html) { return; }
      var page = new DOMParser().parseFromString(html, "text/html");
      var ids = [];
      page.querySelectorAll("[data-findings-swap][id]").forEach(function (el) { ids.push(el.id); });
      ids.push("status-zeile", "hinweise-titel");
      ids.forEach(function (id) {
        var fresh = page.getElementById(id);
        var old = document.getElementById(id);
        if (fresh && old && old.id !== "base_version") {
          if (old.tagName === "INPUT") { old.value = fresh.value; } else { old.innerHTML = fresh.innerHTML; }
        }
      });
      var summary = page.querySelector(".findings-summary");
      var oldSummary = document.querySelector(".findings-summary");
      if (summary && oldSummary) { oldSummary.innerHTML = summary.innerHTML; }
    }).catch(function () { return null; });
  }

  function save() {
    var form = editorForm();
    if (!form) { return; }
    if (saving) { again = true; return; }
    var textarea = form.querySelector("textarea[name=text]");
    var base = form.querySelector("input[name=base_version]");
    var sent = textarea.value;
    var body = new FormData();
    body.append("csrf_token", csrfOf(form));
    body.append("text", sent);
    body.append("base_version", base.value);
    saving = true;
    setStatus(form, form.getAttribute("data-text-saving"));
    fetch(form.getAttribute("data-autosave-url"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRF-Token": csrfOf(form), "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (answer) {
      var data = answer.data;
      if (!answer.ok) {
        setStatus(form, form.getAttribute("data-text-error") + " " + (data.message || data.detail || ""));
        return;
      }
      base.value = data.version;
      if (textarea.value === sent) { localStorage.removeItem(backupKey(form)); }
      var message = data.saved ?
        form.getAttribute("data-text-saved").replace("{n}", data.version) :
        form.getAttribute("data-text-unchanged");
      var conflict = document.getElementById("autosave-konflikt");
      if (conflict) {
        conflict.textContent = "";
        if (data.conflict && data.message) {
          var p = document.createElement("p");
          p.className = "alert alert-error";
          p.textContent = data.message;
          conflict.appendChild(p);
        }
      }
      // "Gespeichert" is shown once the findings belong to the saved text.
      return (data.saved ? refreshFindings() : Promise.resolve()).then(function () {
        setStatus(form, message);
      });
    }).catch(function () {
      setStatus(form, form.getAttribute("data-text-offline"));
      clearTimeout(timer);
      timer = setTimeout(save, 5000);
    }).finally(function () {
      saving = false;
      if (again) { again = false; schedule(); }
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(save, 1200);
  }

  function backup(form) {
    try {
      localStorage.setItem(backupKey(form), JSON.stringify({
        text: form.querySelector("textarea[name=text]").value,
        base: form.querySelector("input[name=base_version]").value
      }));
    } catch (e) { /* storage full or blocked: autosave still runs */ }
  }

  // Live character count per section with a limit, split as the server's parser splits
  // (kikultur/tools/sections.py): only a heading naming a section starts one ("## Titel",
  // "**Titel:**", "Titel:"), other headings are content, and a text without any section
  // heading counts in full for the main section (the structure repair). Markdown bold
  // markers do not count.
  var UMLAUTS = { "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss" };
  function normalizeLabel(label) {
    var text = label.normalize("NFC").trim().replace(/^[*_#` \t]+|[*_#` \t]+$/g, "").trim();
    text = text.replace(/:+$/, "").trim();
    text = text.replace(/^(?:\d+[.)]|[ivx]+\.)\s*/i, "");
    text = text.replace(/\s*[(\[].*?[)\]]\s*$/, "");
    text = text.toLowerCase().replace(/[äöüß]/g, function (c) { return UMLAUTS[c]; });
    text = text.replace(/[_-]/g, " ").replace(/\s+/g, " ");
    return text.replace(/^[ :.]+|[ :.]+$/g, "");
  }

  function sectionBodies(text, labels) {
    var bodies = {};
    var current = null;
    var found = false;
    function start(title, rest) {
      current = title;
      found = true;
      if (!bodies[title]) { bodies[title] = []; }
      bodies[title].push([rest]);
    }
    text.split("\n").forEach(function (line) {
      var md = /^ {0,3}(#{1,6})[ \t]*(.*?)[ \t]*#*[ \t]*$/.exec(line);
      if (md) {
        var spaced = /^[ \t]?$/.test(line.replace(/^ +/, "").slice(md[1].length, md[1].length + 1));
        var title = (!spaced && md[1].length === 1) ? null : labels[normalizeLabel(md[2])];
        if (title) { start(title, ""); return; }
      } else if (!/^[ \t]*(?:[-*+•]|\d+[.)])[ \t]+/.test(line)) {
        var bold = /^[ \t]*(\*\*|__)(.+?)\1[ \t]*:?[ \t]*(.*?)[ \t]*$/.exec(line);
        var colon = /^[ \t]*([^:\n]{1,60}?)[ \t]*:[ \t]*(.*?)[ \t]*$/.exec(line);
        if (bold && labels[normalizeLabel(bold[2])]) {
          start(labels[normalizeLabel(bold[2])], bold[3]); return;
        }
        if (colon && labels[normalizeLabel(colon[1])]) {
          start(labels[normalizeLabel(colon[1])], colon[2]); return;
        }
      }
      if (current !== null) {
        var parts = bodies[current];
        parts[parts.length - 1].push(line);
      }
    });
    var joined = {};
    Object.keys(bodies).forEach(function (title) {
      joined[title] = bodies[title].map(function (lines) { return lines.join("\n").trim(); })
        .filter(function (part) { return part; }).join("\n\n");
    });
    return { bodies: joined, found: found };
  }

  function updateCounters(form) {
    var box = document.getElementById("abschnitt-zaehler");
    if (!box) { return; }
    var labels = {};
    try { labels = JSON.parse(box.getAttribute("data-section-labels") || "{}"); } catch (e) { labels = {}; }
    var text = form.querySelector("textarea[name=text]").value;
    var parsed = sectionBodies(text, labels);
    if (!parsed.found && box.getAttribute("data-main-section")) {
      parsed.bodies[box.getAttribute("data-main-section")] = text.trim();
    }
    box.querySelectorAll("tr[data-section-title]").forEach(function (row) {
      var key = row.getAttribute("data-section-title");
      var body = Object.prototype.hasOwnProperty.call(parsed.bodies, key) ? parsed.bodies[key] : "";
      var length = body.replace(/\*\*|__/g, "").length;
      row.querySelector("[data-count]").textContent = String(length);
      row.classList.toggle("over-limit", length > parseInt(row.getAttribute("data-max"), 10));
    });
  }

  document.addEventListener("input", function (event) {
    var form = editorForm();
    if (!form || event.target.name !== "text" || event.target.form !== form) { return; }
    backup(form);
    updateCounters(form);
    schedule();
  });

  window.addEventListener("online", function () { if (editorForm()) { save(); } });

  function restoreBackup() {
    var form = editorForm();
    if (!form) { return; }
    var stored = null;
    try { stored = JSON.parse(localStorage.getItem(backupKey(form)) || "null"); } catch (e) { stored = null; }
    if (!stored) { return; }
    var textarea = form.querySelector("textarea[name=text]");
    if (stored.text === textarea.value) { localStorage.removeItem(backupKey(form)); return; }
    // Unsaved text from before the reload: put it back and save it on the version it
    // started from (a newer version meanwhile gives a conflict, both are kept).
    textarea.value = stored.text;
    form.querySelector("input[name=base_version]").value = stored.base;
    setStatus(form, form.getAttribute("data-text-restored"));
    save();
  }

  function init() {
    var form = editorForm();
    // Marks the editor as ready (autosave active), so a user's first keystroke is caught.
    if (form) { form.setAttribute("data-editor-ready", ""); }
    restoreBackup();
    if (form) { updateCounters(form); }
  }
  window.kikulturEditor = { init: init };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());

/* The verdict form's live rationale preview: the server renders the Markdown with the
   project's sanitiser (factcheck.lib.markdown), so the preview is what readers will see.
   A static file, not an inline script: the Content Security Policy forbids those. */
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function start() {
    var box = document.getElementById("id_rationale");
    var out = document.getElementById("rationale-preview");
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!box || !out || !token || !out.dataset.previewUrl) {
      return;
    }
    var refresh = debounce(function () {
      out.dataset.state = "loading";
      fetch(out.dataset.previewUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token.value },
        body: new URLSearchParams({ rationale: box.value }),
      })
        .then(function (response) {
          return response.ok ? response.json() : Promise.reject(response.status);
        })
        .then(function (data) {
          out.innerHTML = data.html; // sanitised on the server (nh3 allow-list)
          out.dataset.state = "fresh";
        })
        .catch(function () {
          out.dataset.state = "error";
        });
    }, 250);
    box.addEventListener("input", refresh);
    refresh();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

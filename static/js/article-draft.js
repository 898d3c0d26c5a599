/* What an editor types into the article form survives a failed save.
 *
 * When the database is down, the save answers with the site's 503 page and
 * the form is gone. So the form keeps a copy of its fields in this browser
 * (localStorage, under the form's address) from the first keystroke, and
 * when the form is opened again with that copy differing from what the
 * server shows, the copy is put back into the fields and the editor is told.
 *
 * The copy is dropped when the save succeeds (the admin's next page shows a
 * success message), when the article was saved since the copy was taken
 * (its save counter moved: the copy would overwrite a newer text), after
 * seven days, or when the editor presses "Bərpa olunmuş mətni at".
 */
(function () {
  "use strict";
  var PREFIX = "senzor:article-draft:";
  var PENDING = "senzor:article-draft-pending";
  var MAX_AGE_MS = 7 * 24 * 3600 * 1000;
  var SKIPPED_NAMES = ["csrfmiddlewaretoken", "seen_lock_version"];
  var SKIPPED_TYPES = ["file", "hidden", "submit", "button", "reset", "image"];

  function store(area) {
    try {
      return window[area];
    } catch (error) {
      return null; // storage switched off in this browser
    }
  }
  var local = store("localStorage");
  var session = store("sessionStorage");
  if (!local || !session) {
    return;
  }

  function keyFor(path) {
    return PREFIX + path;
  }

  function editors() {
    return window.CKEDITOR ? Object.values(CKEDITOR.instances) : [];
  }

  function draftFields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return (
        field.name &&
        SKIPPED_NAMES.indexOf(field.name) === -1 &&
        SKIPPED_TYPES.indexOf(field.type) === -1
      );
    });
  }

  function lockVersion(form) {
    var field = form.elements.namedItem("seen_lock_version");
    return field ? field.value : "";
  }

  function values(form) {
    editors().forEach(function (editor) {
      editor.updateElement();
    });
    var found = {};
    draftFields(form).forEach(function (field) {
      found[field.name] = field.type === "checkbox" ? field.checked : field.value;
    });
    return found;
  }

  function save(form) {
    try {
      local.setItem(
        keyFor(location.pathname),
        JSON.stringify({ savedAt: Date.now(), lockVersion: lockVersion(form), values: values(form) })
      );
    } catch (error) {
      // Storage full or refused: the form still posts as usual.
    }
  }

  function read(key) {
    try {
      return JSON.parse(local.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function put(form, name, value) {
    var field = form.elements.namedItem(name);
    if (!field || field.type === undefined) {
      return;
    }
    if (field.type === "checkbox") {
      field.checked = value;
      return;
    }
    field.value = value;
    var editor = window.CKEDITOR && CKEDITOR.instances[field.id];
    if (editor) {
      editor.setData(value);
    }
  }

  function tell(form, draft) {
    var note = document.createElement("p");
    note.className = "errornote";
    note.id = "article-draft-restored";
    note.textContent =
      "Bu formda yadda saxlanmamış mətniniz bu brauzerdə qalmışdı və bərpa olundu (" +
      new Date(draft.savedAt).toLocaleString("az-Latn-AZ", { timeZone: "Asia/Baku" }) +
      "). Yoxlayın və yenidən yadda saxlayın. ";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button";
    discard.textContent = "Bərpa olunmuş mətni at";
    discard.addEventListener("click", function () {
      local.removeItem(keyFor(location.pathname));
      location.reload();
    });
    note.appendChild(discard);
    form.parentNode.insertBefore(note, form);
  }

  function restore(form) {
    var key = keyFor(location.pathname);
    var draft = read(key);
    if (!draft) {
      return;
    }
    if (Date.now() - draft.savedAt > MAX_AGE_MS || draft.lockVersion !== lockVersion(form)) {
      local.removeItem(key);
      return;
    }
    var shown = values(form);
    var changed = Object.keys(draft.values).filter(function (name) {
      return name in shown && shown[name] !== draft.values[name];
    });
    if (!changed.length) {
      return;
    }
    changed.forEach(function (name) {
      put(form, name, draft.values[name]);
    });
    tell(form, draft);
  }

  function forgetSavedDraft() {
    var pending = session.getItem(PENDING);
    if (pending && document.querySelector(".messagelist .success")) {
      local.removeItem(pending);
      session.removeItem(PENDING);
    }
  }

  function watch(form) {
    var later = null;
    function soon() {
      window.clearTimeout(later);
      later = window.setTimeout(function () {
        save(form);
      }, 500);
    }
    form.addEventListener("input", soon);
    form.addEventListener("change", soon);
    editors().forEach(function (editor) {
      editor.on("change", soon);
    });
    if (window.CKEDITOR) {
      CKEDITOR.on("instanceReady", function (ready) {
        ready.editor.on("change", soon);
      });
    }
    form.addEventListener("submit", function () {
      save(form);
      session.setItem(PENDING, keyFor(location.pathname));
    });
  }

  function start() {
    forgetSavedDraft();
    var form = document.getElementById("article_form");
    if (!form) {
      return;
    }
    var editor = editors()[0];
    if (editor && editor.status !== "ready") {
      editor.on("instanceReady", function () {
        restore(form);
        watch(form);
      });
      return;
    }
    restore(form);
    watch(form);
  }

  window.addEventListener("load", start);
})();

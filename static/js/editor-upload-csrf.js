/* Images uploaded from the article editor carry Django's CSRF token.
 *
 * The upload view (articles/editor_uploads.py) checks it like any form post.
 * CKEditor 4 sends its uploads with XMLHttpRequest from its fileTools plugin:
 * the plugin opens the request at priority 5 of "fileUploadRequest" and sends
 * it at 999, so a listener at the default priority adds the header in between.
 * The token comes from the admin form's hidden field (the CSRF cookie is
 * HttpOnly, so scripts cannot read it).
 */
(function () {
  "use strict";
  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  function sendTokenWithUploads(editor) {
    editor.on("fileUploadRequest", function (upload) {
      upload.data.fileLoader.xhr.setRequestHeader("X-CSRFToken", csrfToken());
    });
  }
  function start() {
    if (!window.CKEDITOR) {
      return;
    }
    Object.values(CKEDITOR.instances).forEach(sendTokenWithUploads);
    CKEDITOR.on("instanceCreated", function (created) {
      sendTokenWithUploads(created.editor);
    });
  }
  // The admin may place this file before or after ckeditor.js.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

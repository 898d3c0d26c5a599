// Appends the source line to text copied from an article, so reuse carries
// the attribution. The page works fully without this script.
(function () {
  "use strict";
  var article = document.querySelector("[data-canonical-url]");
  if (!article) return;
  article.addEventListener("copy", function (event) {
    var selection = document.getSelection();
    var text = selection ? selection.toString() : "";
    if (!text || !event.clipboardData) return;
    var source = "Mənbə: " + article.getAttribute("data-canonical-url");
    event.clipboardData.setData("text/plain", text + "\n\n" + source);
    event.preventDefault();
  });
})();

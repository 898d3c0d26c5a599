// The article page's media, on top of plain links that work without it:
// - a video lead loads its player (an iframe from youtube-nocookie.com or
//   player.vimeo.com) only when the reader clicks; until then no request
//   leaves the site;
// - gallery thumbnails open a viewer (a modal <dialog>): ←/→ or the buttons
//   move between pictures, Home/End jump, Esc or "Bağla" closes and puts the
//   focus back on the thumbnail it came from;
// - "Linki kopyala" copies the article's canonical address (its "Mənbə").
(function () {
  "use strict";

  // --- Video lead: click to load -------------------------------------------
  document.querySelectorAll("[data-video-embed]").forEach(function (preview) {
    preview.addEventListener("click", function (event) {
      event.preventDefault();
      var frame = document.createElement("iframe");
      frame.src = preview.getAttribute("data-video-embed");
      frame.title = "Video: " + preview.getAttribute("data-video-title");
      frame.className = "video-lead__player";
      frame.setAttribute("allow", "autoplay; fullscreen; picture-in-picture; encrypted-media");
      frame.setAttribute("allowfullscreen", "");
      preview.replaceWith(frame);
      frame.focus();
    });
  });

  // --- Gallery viewer --------------------------------------------------------
  document.querySelectorAll("[data-gallery]").forEach(function (gallery) {
    var items = Array.prototype.slice.call(gallery.querySelectorAll("[data-gallery-item]"));
    if (!items.length || typeof HTMLDialogElement === "undefined") return;
    var current = 0;
    var opener = null;

    var dialog = document.createElement("dialog");
    dialog.className = "gallery-viewer";
    dialog.setAttribute("aria-label", "Foto qalereya");
    dialog.innerHTML =
      '<figure class="gallery-viewer__figure">' +
      '<img class="gallery-viewer__image" alt="">' +
      '<figcaption class="gallery-viewer__caption"></figcaption>' +
      "</figure>" +
      '<p class="gallery-viewer__counter" aria-live="polite"></p>' +
      '<div class="gallery-viewer__controls">' +
      '<button type="button" data-step="-1">← Əvvəlki</button>' +
      '<button type="button" data-step="1">Növbəti →</button>' +
      '<button type="button" data-close>Bağla</button>' +
      "</div>";
    document.body.appendChild(dialog);
    var image = dialog.querySelector(".gallery-viewer__image");
    var caption = dialog.querySelector(".gallery-viewer__caption");
    var counter = dialog.querySelector(".gallery-viewer__counter");

    function show(index) {
      current = (index + items.length) % items.length;
      var item = items[current];
      image.src = item.getAttribute("href");
      image.alt = item.getAttribute("data-alt") || "";
      var text = item.getAttribute("data-caption") || "";
      var credit = item.getAttribute("data-credit");
      caption.textContent = credit ? text + (text ? " " : "") + "Foto: " + credit : text;
      counter.textContent = current + 1 + " / " + items.length;
    }

    items.forEach(function (item, index) {
      item.addEventListener("click", function (event) {
        event.preventDefault();
        opener = item;
        show(index);
        dialog.showModal();
        dialog.querySelector("[data-step='1']").focus();
      });
    });
    dialog.addEventListener("click", function (event) {
      var step = event.target.getAttribute("data-step");
      if (step) show(current + Number(step));
      if (event.target.hasAttribute("data-close") || event.target === dialog) dialog.close();
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") show(current + 1);
      else if (event.key === "ArrowLeft") show(current - 1);
      else if (event.key === "Home") show(0);
      else if (event.key === "End") show(items.length - 1);
      else return;
      event.preventDefault();
    });
    dialog.addEventListener("close", function () {
      if (opener) opener.focus();
    });
  });

  // --- "Linki kopyala" -------------------------------------------------------
  document.querySelectorAll("[data-copy-link]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!navigator.clipboard) return; // the link itself still holds the address
      event.preventDefault();
      var status = link.closest(".share").querySelector("[data-copy-status]");
      navigator.clipboard.writeText(link.href).then(
        function () {
          status.textContent = "Link kopyalandı: " + link.href;
        },
        function () {
          status.textContent = "Kopyalamaq alınmadı; linki buradan götürün: " + link.href;
        }
      );
    });
  });
})();

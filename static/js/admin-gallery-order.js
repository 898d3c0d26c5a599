// The gallery rows of the article form get "↑" and "↓" buttons: a click moves the
// photo and renumbers the "sıra" fields in the new order, so nobody types
// numbers. Without this script the numbers can still be typed. Rows without a
// photo (the empty "add" rows) are moved but never renumbered, so an untouched
// empty row stays empty and is not validated.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var group = document.getElementById("photos-group");
  if (!group) return;
  var body = group.querySelector("tbody");

  function rows() {
    return Array.prototype.filter.call(body.querySelectorAll("tr.form-row"), function (row) {
      return !row.classList.contains("empty-form") && row.querySelector("td.field-position input");
    });
  }

  function holdsPhoto(row) {
    var file = row.querySelector("td.field-image input[type=file]");
    return row.classList.contains("has_original") || (file && file.files.length > 0);
  }

  function renumber() {
    var number = 0;
    rows().forEach(function (row) {
      if (!holdsPhoto(row)) return;
      row.querySelector("td.field-position input").value = number;
      number += 1;
    });
  }

  function move(row, step) {
    var list = rows();
    var index = list.indexOf(row);
    var other = list[index + step];
    if (!other) return;
    if (step < 0) body.insertBefore(row, other);
    else body.insertBefore(other, row);
    renumber();
  }

  rows().forEach(function (row) {
    var cell = row.querySelector("td.field-position");
    [
      ["↑", "Şəkli yuxarı qaldır", -1],
      ["↓", "Şəkli aşağı sal", 1],
    ].forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "gallery-order-button";
      button.textContent = spec[0];
      button.title = spec[1];
      button.setAttribute("aria-label", spec[1]);
      button.setAttribute("data-gallery-move", spec[2]);
      button.addEventListener("click", function () {
        move(row, spec[2]);
        button.focus();
      });
      cell.appendChild(button);
    });
  });
});

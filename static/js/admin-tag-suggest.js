// The article form's tag field is "Tag bir, Tag iki, …". A <datalist> suggests
// whole values, so before each keystroke is matched the suggestions are
// rewritten to "what is typed up to the last comma" + each tag name: the
// browser then completes the tag being typed. Without this script the
// datalist still suggests tags for the first one.
// The admin loads form media in <head>, so it waits for the form.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  document.querySelectorAll("datalist[data-tag-suggestions]").forEach(function (list) {
    var input = document.querySelector('[list="' + list.id + '"]');
    if (!input) return;
    var names = Array.prototype.map.call(list.options, function (option) {
      return option.value;
    });
    input.addEventListener("input", function () {
      var value = input.value;
      var cut = value.lastIndexOf(",");
      var prefix = cut === -1 ? "" : value.slice(0, cut + 1).replace(/\s*$/, " ");
      var typed = prefix
        .split(",")
        .map(function (part) {
          return part.trim().toLocaleLowerCase("az");
        })
        .filter(Boolean);
      var fresh = document.createDocumentFragment();
      names.forEach(function (name) {
        if (typed.indexOf(name.toLocaleLowerCase("az")) !== -1) return;
        var option = document.createElement("option");
        option.value = prefix + name;
        fresh.appendChild(option);
      });
      list.replaceChildren(fresh);
    });
  });
});

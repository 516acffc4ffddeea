// Staff pages: ask before closing, transferring or reopening a case. Works without it too.
"use strict";
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});

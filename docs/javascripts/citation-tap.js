// On touch screens, tapping a citation number shows its reference in place (Material's
// footnote tooltip opens on focus) instead of jumping to the list at the end of the page.
document.addEventListener("click", function (event) {
  var link = event.target.closest(".citation a.footnote-ref");
  if (link && window.matchMedia("(hover: none)").matches) {
    event.preventDefault();
    link.focus();
  }
});

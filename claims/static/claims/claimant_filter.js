/* The claim list's claimant filter: Django's autocomplete.js turns the <select> into a
 * select2 box; picking a speaker (or clearing it) reloads the list with ?claimant=<id>,
 * keeping the other filters and starting again at the first page. */
"use strict";
window.addEventListener("load", function () {
  const select = document.querySelector("select[data-claimant-filter]");
  if (!select || !window.django || !window.django.jQuery) {
    return;
  }
  const name = select.dataset.claimantFilter;
  window.django.jQuery(select).on("change", function () {
    const params = new URLSearchParams(window.location.search);
    params.delete("p");
    params.delete("after");
    params.delete("e");
    if (select.value) {
      params.set(name, select.value);
    } else {
      params.delete(name);
    }
    const query = params.toString();
    window.location.search = query ? "?" + query : "";
  });
});

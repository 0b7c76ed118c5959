// Keyboard triage on the ingest review page (a file of its own: the CSP forbids inline
// scripts). j/k move between claims, y keeps, x dismisses, u leaves the current claim.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const rows = Array.from(document.querySelectorAll("#review-claims tr.review-row"));
  if (!rows.length) return;
  let current = 0;
  const focus = (i) => {
    rows[current].classList.remove("review-current");
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows[current].classList.add("review-current");
    rows[current].scrollIntoView({ block: "nearest" });
  };
  const choose = (value) => {
    const radio = rows[current].querySelector(`input[type=radio][value="${value}"]`);
    if (radio) radio.checked = true;
    focus(current + 1);
  };
  const keys = { j: () => focus(current + 1), k: () => focus(current - 1),
                 y: () => choose("keep"), x: () => choose("dismiss"), u: () => choose("") };
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target instanceof HTMLElement && target.matches("input[type=text], textarea, select")) return;
    const action = keys[event.key];
    if (action) { event.preventDefault(); action(); }
  });
  rows.forEach((row, i) => row.addEventListener("click", () => focus(i)));
  focus(0);
});

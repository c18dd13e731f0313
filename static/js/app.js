// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add("js");

document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) {
    select.form.requestSubmit();
  }
});

// Roadmap: after a cell opens its steps in the side panel, move focus there,
// which also scrolls it into view on a phone (the panel sits below the matrix).
document.addEventListener("htmx:afterSwap", (event) => {
  const panel = event.detail.target;
  if (!panel || panel.id !== "panel") {
    return;
  }
  const heading = panel.querySelector("h2");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
});

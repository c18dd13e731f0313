// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add("js");

document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) {
    // A select that belongs to another form (the language on a survey page)
    // tells that form why it is sent, as the no-script button does by name.
    const flag = select.dataset.autosubmitFlag;
    if (flag && !select.form.querySelector(`input[name="${flag}"]`)) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = flag;
      input.value = "1";
      select.form.append(input);
    }
    select.form.requestSubmit();
  }
});

// Answering: a second tap while the first submission is on its way sends
// nothing (the server stores one response per form token anyway).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches("form[data-submit-once]")) {
    return;
  }
  if (form.dataset.sending) {
    event.preventDefault();
    return;
  }
  form.dataset.sending = "1";
  // Disabled after this event, so the pressed button's own value is still sent.
  setTimeout(() => {
    for (const button of form.querySelectorAll("button[type=submit]")) {
      button.disabled = true;
    }
  }, 0);
});

// Back to a page restored from the browser's cache: its buttons work again.
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) {
    return;
  }
  for (const form of document.querySelectorAll("form[data-submit-once]")) {
    delete form.dataset.sending;
    for (const button of form.querySelectorAll("button[type=submit]")) {
      button.disabled = false;
    }
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

// Background refreshes (polling) are marked so they do not keep an idle
// session alive; the server answers an expired session with a notice in the
// #session-expired banner, leaving whatever was typed on the page in place.
document.addEventListener("htmx:configRequest", (event) => {
  const element = event.detail.elt;
  if (element && element.hasAttribute("data-background-refresh")) {
    event.detail.headers["X-Background-Refresh"] = "1";
  }
  // After logging in again in another tab the CSRF token changed; send the
  // current one, so the form typed on this page can still be saved.
  const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
  if (match) {
    const token = decodeURIComponent(match[1]);
    event.detail.headers["X-CSRFToken"] = token;
    if (event.detail.parameters && event.detail.parameters.csrfmiddlewaretoken !== undefined) {
      event.detail.parameters["csrfmiddlewaretoken"] = token;
    }
  }
});

document.addEventListener("htmx:afterSwap", (event) => {
  const banner = document.getElementById("session-expired");
  if (banner && event.detail.target !== banner && banner.childElementCount > 0) {
    banner.replaceChildren();
  }
});

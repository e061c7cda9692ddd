// Softlanding's shared behaviour. Loaded with `defer`; no inline scripts anywhere (strict CSP).
document.addEventListener("htmx:configRequest", (event) => {
  // htmx requests carry Django's CSRF token from the cookie-less meta-free form field.
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) {
    event.detail.headers["X-CSRFToken"] = token.value;
  }
});

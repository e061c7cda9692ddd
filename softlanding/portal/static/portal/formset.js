// Adds a row to a Django formset from its <template>; no inline script (strict CSP).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-formset-add]");
  if (!button) {
    return;
  }
  const form = button.closest("form");
  const total = form.querySelector("input[name$='-TOTAL_FORMS']");
  const template = form.querySelector("template[data-formset-empty]");
  const index = Number(total.value);
  const row = template.content.cloneNode(true);
  row.querySelectorAll("[name], [id], [for]").forEach((element) => {
    for (const attribute of ["name", "id", "for"]) {
      const value = element.getAttribute(attribute);
      if (value) {
        element.setAttribute(attribute, value.replaceAll("__prefix__", String(index)));
      }
    }
  });
  form.querySelector("[data-formset-rows]").appendChild(row);
  total.value = String(index + 1);
});

// The pipeline board: drag a card to another column to move it. Every card also has a
// "Move to" form, the keyboard's and the no-script way; this file only adds the dragging.
// Listeners sit on the document, so a board swapped in by htmx works at once.
(() => {
  let dragged = null;

  document.addEventListener("dragstart", (event) => {
    const card = event.target.closest && event.target.closest(".card[data-move-url]");
    if (!card) return;
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
  });

  document.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("dragging");
    document.querySelectorAll(".column.drop-target").forEach((c) => c.classList.remove("drop-target"));
    dragged = null;
  });

  document.addEventListener("dragover", (event) => {
    const column = event.target.closest && event.target.closest(".column[data-stage]");
    if (!dragged || !column || column.dataset.stage === dragged.dataset.stage) return;
    event.preventDefault();
    column.classList.add("drop-target");
  });

  document.addEventListener("dragleave", (event) => {
    const column = event.target.closest && event.target.closest(".column[data-stage]");
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("drop-target");
  });

  document.addEventListener("drop", (event) => {
    const column = event.target.closest && event.target.closest(".column[data-stage]");
    if (!dragged || !column) return;
    event.preventDefault();
    const to = column.dataset.stage;
    if (to === "lost") {
      // Losing needs its reasons: the opportunity's page asks for them.
      window.location.href = dragged.querySelector("a").href + "#lose";
      return;
    }
    const token = document.querySelector("input[name=csrfmiddlewaretoken]");
    htmx.ajax("POST", dragged.dataset.moveUrl, {
      target: "#board",
      swap: "outerHTML",
      values: {
        to: to,
        version: dragged.dataset.version,
        from: "board",
        csrfmiddlewaretoken: token ? token.value : "",
      },
    });
  });
})();

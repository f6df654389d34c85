// Progressive enhancements only: every page works without this file.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const target = document.querySelector(button.dataset.copy);
  if (!target || !navigator.clipboard) return;
  event.preventDefault();
  navigator.clipboard.writeText(target.value || target.textContent.trim()).then(() => {
    button.dataset.originalLabel ??= button.textContent;
    button.textContent = button.dataset.copiedLabel || "✓";
    setTimeout(() => { button.textContent = button.dataset.originalLabel; }, 2000);
  });
});

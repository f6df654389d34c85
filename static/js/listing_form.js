// The listing form's photos and live preview: progressive enhancements only. Without this file
// the photo field is a styled file input (files can be dropped on it too) and the preview is hidden.
(() => {
  const form = document.querySelector("[data-listing-form]");
  if (!form) return;

  // --- Photos: big tiles to drop, paste or pick; reorder them, the first one is the cover.
  const picker = form.querySelector("[data-photo-picker]");
  const input = picker && picker.querySelector("input[type=file]");
  const tiles = picker && picker.querySelector("[data-tiles]");
  const template = picker && picker.querySelector("[data-tile-template]");
  let files = [];
  const max = picker ? Number(picker.dataset.max || "8") : 0;

  const syncInput = () => {
    const transfer = new DataTransfer();
    files.forEach((file) => transfer.items.add(file));
    input.files = transfer.files;
  };
  const render = () => {
    tiles.querySelectorAll("img").forEach((img) => URL.revokeObjectURL(img.src));
    tiles.replaceChildren();
    files.forEach((file, index) => {
      const tile = template.content.firstElementChild.cloneNode(true);
      tile.querySelector("img").src = URL.createObjectURL(file);
      tile.querySelector("img").alt = file.name;
      tile.querySelector("[data-cover-badge]").hidden = index !== 0;
      tile.querySelector("[data-make-cover]").hidden = index === 0;
      tile.querySelector("[data-move='-1']").disabled = index === 0;
      tile.querySelector("[data-move='1']").disabled = index === files.length - 1;
      tile.dataset.index = String(index);
      tiles.append(tile);
    });
    picker.classList.toggle("photo-picker--full", files.length >= max);
    syncInput();
    document.dispatchEvent(new CustomEvent("listing-photos-changed", { detail: { cover: files[0] || null } }));
  };
  const add = (list) => {
    const images = Array.from(list).filter((file) => file.type.startsWith("image/"));
    files = files.concat(images).slice(0, max);
    render();
  };

  if (picker && input && tiles && template && window.DataTransfer) {
    picker.classList.add("photo-picker--enhanced");
    input.addEventListener("change", () => {
      // The input holds only what was just picked: add it to what is already chosen.
      const picked = Array.from(input.files);
      syncInput();
      add(picked);
    });
    ["dragenter", "dragover"].forEach((name) => picker.addEventListener(name, (event) => {
      event.preventDefault();
      picker.classList.add("photo-picker--over");
    }));
    ["dragleave", "drop"].forEach((name) => picker.addEventListener(name, () => picker.classList.remove("photo-picker--over")));
    picker.addEventListener("drop", (event) => {
      event.preventDefault();
      add(event.dataTransfer.files);
    });
    document.addEventListener("paste", (event) => {
      if (event.clipboardData && event.clipboardData.files.length) add(event.clipboardData.files);
    });
    tiles.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      const tile = event.target.closest("[data-index]");
      if (!button || !tile) return;
      const index = Number(tile.dataset.index);
      if (button.hasAttribute("data-remove")) files.splice(index, 1);
      else if (button.hasAttribute("data-make-cover")) files.unshift(files.splice(index, 1)[0]);
      else if (button.dataset.move) {
        const to = index + Number(button.dataset.move);
        [files[index], files[to]] = [files[to], files[index]];
      }
      render();
    });
  }

  // --- Live preview of the card.
  const preview = document.querySelector("[data-preview]");
  if (!preview) return;
  preview.hidden = false;
  const field = (name) => form.querySelector(`[name='${name}']`);
  const title = preview.querySelector("[data-preview-title]");
  const price = preview.querySelector("[data-preview-price]");
  const city = preview.querySelector("[data-preview-city]");
  const cover = preview.querySelector("[data-preview-cover]");
  const placeholder = preview.querySelector("[data-preview-placeholder]");
  const lang = document.documentElement.lang || "fr";
  const euros = (value) => `${new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(value)}\u00a0€`;
  const priceLabel = () => {
    const { kind, intent } = preview.dataset;
    if (kind === "swap") return preview.dataset.swap;
    const amount = parseFloat((field("price") || {}).value || "");
    if (Number.isNaN(amount)) return preview.dataset.free;
    const unit = (form.querySelector("[name='price_unit']:checked") || {}).value;
    let label = euros(amount);
    if (kind === "lend") label = preview.dataset.perDay.replace("AMOUNT", label);
    else if (kind === "service" && unit === "per_hour") label = preview.dataset.perHour.replace("AMOUNT", label);
    return intent === "request" ? preview.dataset.budget.replace("AMOUNT", label) : label;
  };
  const update = () => {
    title.textContent = (field("title") || {}).value || preview.dataset.untitled;
    price.textContent = priceLabel();
    city.textContent = (field("city") || {}).value || "";
  };
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  document.addEventListener("listing-photos-changed", (event) => {
    const file = event.detail.cover;
    if (cover.src) URL.revokeObjectURL(cover.src);
    cover.hidden = !file;
    placeholder.hidden = Boolean(file);
    if (file) cover.src = URL.createObjectURL(file);
  });
  update();
})();

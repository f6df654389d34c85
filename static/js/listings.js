// Listings: progressive enhancements only (every page works without this file).
(() => {
  // Gallery: show a photo without reloading the page; arrows, the keyboard and a swipe browse them.
  const main = document.getElementById("gallery-main");
  const stage = document.querySelector("[data-gallery]");
  const thumbs = Array.from(document.querySelectorAll(".gallery__thumbs a[data-display]"));
  if (main && thumbs.length) {
    let current = Math.max(0, thumbs.findIndex((link) => link.getAttribute("aria-current") === "true"));
    const counter = document.querySelector("[data-gallery-index]");
    const show = (index) => {
      current = (index + thumbs.length) % thumbs.length;
      main.src = thumbs[current].dataset.display;
      thumbs.forEach((link, i) => (i === current ? link.setAttribute("aria-current", "true") : link.removeAttribute("aria-current")));
      if (counter) counter.textContent = String(current + 1);
    };
    thumbs.forEach((link, index) => link.addEventListener("click", (event) => { event.preventDefault(); show(index); }));
    document.querySelectorAll("[data-step]").forEach((button) => {
      button.addEventListener("click", (event) => { event.preventDefault(); show(current + Number(button.dataset.step)); });
    });
    if (stage) {
      stage.addEventListener("keydown", (event) => {
        if (event.key === "ArrowLeft") { event.preventDefault(); show(current - 1); }
        if (event.key === "ArrowRight") { event.preventDefault(); show(current + 1); }
      });
      let startX = null;
      stage.addEventListener("touchstart", (event) => { startX = event.touches[0].clientX; }, { passive: true });
      stage.addEventListener("touchend", (event) => {
        if (startX === null) return;
        const dx = event.changedTouches[0].clientX - startX;
        startX = null;
        if (Math.abs(dx) > 40) show(current + (dx < 0 ? 1 : -1));
      });
    }
  }

  // Listing form: show the circles only when "Only my chosen circles" is selected.
  const circles = document.getElementById("field-circles");
  const radios = document.querySelectorAll("input[name='visibility']");
  if (circles && radios.length) {
    const sync = () => {
      const chosen = document.querySelector("input[name='visibility']:checked");
      circles.classList.toggle("circles-hidden", !chosen || chosen.value !== "circles");
    };
    radios.forEach((radio) => radio.addEventListener("change", sync));
    sync();
  }

  // Search: on a phone, fold the filters away so the results come first; filters apply as they change.
  const filters = document.querySelector(".search-filters");
  if (filters && !filters.hasAttribute("data-keep-open") && window.matchMedia("(max-width: 860px)").matches) {
    filters.open = false;
  }
  const filterForm = document.querySelector("[data-autosubmit]");
  if (filterForm) {
    const apply = filterForm.querySelector("[data-apply]");
    if (apply) apply.hidden = true;
    filterForm.addEventListener("change", (event) => {
      const field = event.target;
      // A date range waits for its second date.
      if (field.type === "date") {
        const dates = filterForm.querySelectorAll("input[type=date]");
        if (Array.from(dates).some((input) => !input.value)) return;
      }
      filterForm.requestSubmit();
    });
  }
})();

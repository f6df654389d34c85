// Listings: progressive enhancements only (every page works without this file).
(() => {
  // Gallery: show a photo without reloading the page.
  const main = document.getElementById("gallery-main");
  if (main) {
    document.querySelectorAll(".gallery__thumbs a[data-display]").forEach((link) => {
      link.addEventListener("click", (event) => {
        event.preventDefault();
        main.src = link.dataset.display;
        document.querySelectorAll(".gallery__thumbs a").forEach((other) => other.removeAttribute("aria-current"));
        link.setAttribute("aria-current", "true");
      });
    });
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
  // Search: on a phone, fold the filters away so the results come first.
  const filters = document.querySelector(".search-filters");
  if (filters && !filters.hasAttribute("data-keep-open") && window.matchMedia("(max-width: 860px)").matches) {
    filters.open = false;
  }
})();

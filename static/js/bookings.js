// Progressive enhancement of the request form: a click on a free day of the calendar fills
// the first, then the last day, and the price for the period is shown. The form works without it.
(() => {
  const form = document.querySelector(".booking-request-form");
  if (!form) return;
  const start = form.querySelector("[data-calendar=start]");
  const end = form.querySelector("[data-calendar=end]");
  const quote = form.querySelector("[data-quote]");
  const price = parseFloat(form.dataset.price || "");
  const perDay = form.dataset.priceUnit === "per_day";

  const days = () => {
    if (!start || !end || !start.value || !end.value) return 0;
    const n = (Date.parse(end.value) - Date.parse(start.value)) / 86400000 + 1;
    return n > 0 ? Math.round(n) : 0;
  };
  const showQuote = () => {
    if (!quote) return;
    const n = days();
    if (!n) { quote.hidden = true; return; }
    const lang = document.documentElement.lang || "fr";
    const euros = new Intl.NumberFormat(lang, { style: "currency", currency: "EUR" });
    const total = perDay && !Number.isNaN(price) ? ` · ${euros.format(price * n)}` : "";
    const unit = lang === "en" ? (n > 1 ? "days" : "day") : (n > 1 ? "jours" : "jour");
    quote.textContent = `${n} ${unit}${total}`;
    quote.hidden = false;
  };
  const mark = () => {
    document.querySelectorAll(".calendar__pick").forEach((button) => {
      const d = button.dataset.date;
      const inRange = start && end && start.value && end.value && d >= start.value && d <= end.value;
      button.setAttribute("aria-pressed", inRange || d === (start && start.value) ? "true" : "false");
    });
  };
  document.addEventListener("click", (event) => {
    const button = event.target.closest(".calendar__pick");
    if (!button || !start || !end) return;
    const d = button.dataset.date;
    if (!start.value || (start.value && end.value) || d < start.value) {
      start.value = d;
      end.value = "";
    } else {
      end.value = d;
    }
    mark();
    showQuote();
  });
  [start, end].forEach((input) => input && input.addEventListener("change", () => { mark(); showQuote(); }));
  mark();
  showQuote();
})();

// The business order form of a product page: its WhatsApp message is the product's bulk order
// message followed by what the buyer filled in (quantity, date needed, customisation), so the
// clerk reads the whole request in one message. The site is static: the link is made here, in
// the browser, and opened on submit. Without JavaScript the form stays hidden.
const form = document.querySelector("[data-business-order]");

if (form) {
  form.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.href = orderUrl(new FormData(form));
  });

  function orderUrl(values) {
    const url = new URL(form.dataset.orderUrl);
    const lines = [url.searchParams.get("text") || ""];
    lines.push(`${form.dataset.quantityLabel}: ${values.get("quantity")} ${form.dataset.unit}`);
    if (values.get("date")) lines.push(`${form.dataset.dateLabel}: ${values.get("date")}`);
    const customisation = values.get("customisation").trim();
    if (customisation) lines.push(`${form.dataset.customisationLabel}: ${customisation}`);
    // Spaces as %20, as the page's own links encode them (URLSearchParams would write "+").
    return `${url.origin}${url.pathname}?text=${encodeURIComponent(lines.join("\n"))}`;
  }
}

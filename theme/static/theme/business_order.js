// The business order form of a product page: its WhatsApp message is the product's bulk order
// message followed by what the buyer filled in (quantity, date needed, customisation), so the
// clerk reads the whole request in one message. The site is static: the link is made here, in
// the browser, and opened on submit. Without JavaScript the form stays hidden.
const form = document.querySelector("[data-business-order]");

if (form) {
  form.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    countClick();
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

  // The composed message cannot pass through the form's order address: an S3 object redirect
  // and a folder's refresh page both lead to their fixed destination, dropping any query. So
  // the site's access log counts the click by a request for that address alone, made as
  // WhatsApp opens: its redirect is not followed (nothing leaves the site), and `keepalive`
  // lets the request finish while the page goes. In a preview the address is WhatsApp's own
  // link, and there is no log to count in.
  function countClick() {
    const address = new URL(form.dataset.countUrl, location.href);
    if (address.origin !== location.origin) return;
    fetch(address, { redirect: "manual", keepalive: true, cache: "no-store" }).catch(() => {});
  }
}

// Filter and sort the catalog in the browser: the site is static, so there is no server to ask.
// Without JavaScript the catalog is the paginated list the baker wrote and the filter form is
// hidden (site.css). With it, once a category, a workshop or an order is chosen, the list shows
// every matching product of the site, drawn from the catalog feed (/catalog.json), and the
// choice is kept in the address (?bengkel=batik-tulis) so it can be shared.
const form = document.querySelector("[data-catalog-filter]");
const list = document.querySelector(".cards");

if (form && list) {
  const bakedCards = [...list.children];
  const pagination = document.querySelector("[data-pagination]");
  const status = form.querySelector("[data-filter-status]");
  let feed = null;

  const params = new URLSearchParams(location.search);
  for (const select of form.querySelectorAll("select")) {
    if (params.has(select.name)) select.value = params.get(select.name);
  }
  form.addEventListener("change", update);
  form.addEventListener("submit", (event) => event.preventDefault());
  if (isFiltered(choices())) update();

  function choices() {
    return Object.fromEntries(new FormData(form));
  }

  function isFiltered(chosen) {
    return Boolean(chosen.kategori || chosen.bengkel || chosen.urut);
  }

  async function update() {
    const chosen = choices();
    keepInAddress(chosen);
    if (!isFiltered(chosen)) {
      list.replaceChildren(...bakedCards);
      if (pagination) pagination.hidden = false;
      status.textContent = "";
      return;
    }
    try {
      feed ??= (await (await fetch(form.dataset.feed)).json()).products;
    } catch {
      status.textContent = form.dataset.errorText;
      return;
    }
    const products = sorted(feed.filter((product) => matches(product, chosen)), chosen.urut);
    list.replaceChildren(...products.map(card));
    if (pagination) pagination.hidden = true;
    status.textContent = form.dataset.countText.replace("{count}", products.length);
  }

  function matches(product, chosen) {
    return (!chosen.kategori || product.category.slug === chosen.kategori)
      && (!chosen.bengkel || product.workshop.slug === chosen.bengkel);
  }

  function sorted(products, order) {
    const by = {
      "harga-naik": (a, b) => a.price - b.price,
      "harga-turun": (a, b) => b.price - a.price,
      "terbaru": (a, b) => (b.published || "").localeCompare(a.published || ""),
    }[order];
    return by ? [...products].sort(by) : products;
  }

  function keepInAddress(chosen) {
    const query = new URLSearchParams(Object.entries(chosen).filter(([, value]) => value));
    const address = query.size ? `?${query}` : location.pathname;
    history.replaceState(null, "", address);
  }

  // The feed holds absolute URLs of the published site; the path works on any host serving it.
  function path(url) {
    return new URL(url, location.href).pathname;
  }

  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  }

  // The same markup as theme/templates/includes/product_card.html.
  function card(product) {
    const link = element("a", { href: path(product.url) });
    const photo = product.thumbnail;
    if (photo) {
      link.append(element("picture", {},
        element("source", { type: "image/avif", srcset: path(photo.avif) }),
        element("source", { type: "image/webp", srcset: path(photo.webp) }),
        element("img", {
          src: path(photo.jpeg), alt: photo.alt, width: photo.size, height: photo.size,
          loading: "lazy", decoding: "async",
        }),
      ));
    }
    link.append(element("span", { class: "card-title" }, product.name));
    const price = `Rp ${product.price.toLocaleString("id-ID")}`;
    const item = element("li", { class: "card" },
      link,
      element("span", { class: "price" }, price),
      element("span", { class: `badge badge-${product.availability}` }, product.availability_label),
    );
    if (product.availability === "sold_out" && product.accepts_custom_orders) {
      item.append(element("span", { class: "card-note" }, form.dataset.madeToOrderText));
    }
    return item;
  }
}

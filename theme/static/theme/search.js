// Search the site in the browser with its Pagefind index (/pagefind/), built by the baker: the
// static site needs no search server. The form also works as a plain link with ?q= so a search
// can be shared; without JavaScript the page says so and points to the catalog.
const form = document.querySelector("[data-search]");

if (form) {
  const input = form.querySelector("input[name=q]");
  const status = document.querySelector("[data-search-status]");
  const results = document.querySelector("[data-search-results]");
  let pagefind = null;

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    history.replaceState(null, "", `?q=${encodeURIComponent(input.value)}`);
    search(input.value);
  });
  input.value = new URLSearchParams(location.search).get("q") || "";
  if (input.value) search(input.value);

  async function search(query) {
    query = query.trim();
    if (!query) return;
    status.textContent = form.dataset.searchingText;
    try {
      pagefind ??= await import(`${form.dataset.index}pagefind.js`);
      const found = await pagefind.search(query);
      const pages = await Promise.all(found.results.slice(0, 20).map((result) => result.data()));
      results.replaceChildren(...pages.map(item));
      status.textContent = form.dataset.countText.replace("{count}", found.results.length);
    } catch {
      status.textContent = form.dataset.errorText;
    }
  }

  function item(page) {
    const link = document.createElement("a");
    link.href = page.url;
    link.textContent = page.meta.title;
    const excerpt = document.createElement("p");
    // Pagefind's excerpt is the page's own text, escaped, with <mark> around the words found.
    excerpt.innerHTML = page.excerpt;
    const entry = document.createElement("li");
    entry.append(link, excerpt);
    return entry;
  }
}

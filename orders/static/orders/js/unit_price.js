// Choosing the product of a sale or inquiry line fills its empty unit price with the
// product's current price (the server does the same when the field is left empty).
document.addEventListener('change', (event) => {
  const product = event.target;
  if (!product.dataset || !product.dataset.priceUrl || !product.value) return;
  const unitPrice = document.getElementById(product.id.replace(/product$/, 'unit_price'));
  if (!unitPrice || unitPrice.value) return;
  const url = product.dataset.priceUrl.replace(/\/0\/$/, `/${encodeURIComponent(product.value)}/`);
  fetch(url, { headers: { Accept: 'application/json' } })
    .then((response) => (response.ok ? response.json() : null))
    .then((data) => {
      const price = data && data.result && data.result.price;
      if (price !== undefined && !unitPrice.value) unitPrice.value = price;
    });
});

// The demo storefront's own script: a minimal consent banner (it remembers the shopper's choice
// in its own cookie, as a CMP would) and the product page's `product_viewed` call.
(function () {
  const CHOICE = 'demo_consent';
  const choice = document.cookie.split('; ').find((c) => c.startsWith(`${CHOICE}=`))?.split('=')[1];
  const banner = document.getElementById('consent-banner');
  // tracksafe.js loads async: until it has run, calls wait in the documented array queue.
  const tracksafe = (method, ...args) =>
    window.tracksafe && !Array.isArray(window.tracksafe)
      ? window.tracksafe[method](...args)
      : (window.tracksafe = window.tracksafe || []).push([method, ...args]);

  function apply(value) {
    const analytics = value === 'analytics';
    tracksafe('setConsent', { analytics, marketing: false, preferences: false, saleOfData: false });
  }

  if (choice) {
    apply(choice);
  } else if (banner) {
    banner.hidden = false;
  }
  for (const [id, value] of [['accept-analytics', 'analytics'], ['reject-all', 'none']]) {
    document.getElementById(id)?.addEventListener('click', () => {
      document.cookie = `${CHOICE}=${value}; Path=/; Max-Age=15552000; SameSite=Lax`;
      banner.hidden = true;
      apply(value);
    });
  }

  const product = document.getElementById('product');
  if (product) {
    const d = product.dataset;
    tracksafe('track', 'product_viewed', {
      product_id: d.productId,
      variant_id: d.variantId,
      sku: d.sku,
      name: d.name,
      brand: d.brand,
      category: d.category,
      price: Number(d.price),
      currency: d.currency,
      quantity: 1,
    });
  }
})();

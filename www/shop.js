// The demo storefront's own script: the cookie banner's choice goes to tracksafe (setConsent) and
// to Google Consent Mode (dataLayer), as a shop's tag setup would; tracksafe reads both. The
// product page also sends `product_viewed`.
(function () {
  // tracksafe.js loads async: until it has run, calls wait in the documented array queue.
  const tracksafe = (method, ...args) =>
    window.tracksafe && !Array.isArray(window.tracksafe)
      ? window.tracksafe[method](...args)
      : (window.tracksafe = window.tracksafe || []).push([method, ...args]);
  window.dataLayer = window.dataLayer || [];
  function gtag() {
    window.dataLayer.push(arguments);
  }
  const state = (on) => (on ? 'granted' : 'denied');
  gtag('consent', 'default', { analytics_storage: 'denied', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' });

  window.demoBanner(({ analytics, marketing }) => {
    gtag('consent', 'update', {
      analytics_storage: state(analytics),
      ad_storage: state(marketing),
      ad_user_data: state(marketing),
      ad_personalization: state(marketing),
    });
    tracksafe('setConsent', { analytics, marketing, preferences: false, saleOfData: marketing });
  });

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

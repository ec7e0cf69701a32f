// The demo storefront's own script: the cookie banner's choice goes to tracksafe (setConsent) and
// to Google Consent Mode (dataLayer), as a shop's tag setup would; tracksafe reads both. The
// product, collection, cart and order pages also send their standard event.
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

  const data = (id) => {
    const el = document.getElementById(id);
    return el ? el.dataset : null;
  };
  const collection = data('collection');
  if (collection) tracksafe('track', 'collection_viewed', { collection_id: collection.collectionId, name: collection.name });
  const cart = data('cart');
  if (cart) tracksafe('track', 'cart_viewed', { lines: JSON.parse(cart.lines), value: Number(cart.value), currency: cart.currency });
  const order = data('order');
  if (order) {
    tracksafe('track', 'checkout_completed', {
      order_id: order.orderId,
      value: Number(order.value),
      tax: Number(order.tax),
      shipping: Number(order.shipping),
      currency: order.currency,
      shipping_country: order.shippingCountry,
      lines: JSON.parse(order.lines),
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

// Snowplow browser tracker with default options; a cart add is a structured event
// (label = product id, value = price), the usual mapping without custom schemas.
import { newTracker, trackPageView, trackStructEvent } from '@snowplow/browser-tracker';

window.benchSetup = async ({ collector }) => {
  newTracker('bench', collector, { appId: 'bench' });
  trackPageView();
  return {
    track: (name, p) =>
      trackStructEvent({ category: 'ecommerce', action: name, label: p.product_id, property: `${p.quantity} ${p.currency}`, value: p.price }),
  };
};

// Plausible's official npm tracker (no consent, no IDs: the lightweight floor of the peers).
import { init, track } from '@plausible-analytics/tracker';

window.benchSetup = async ({ collector }) => {
  init({ domain: 'bench.example', endpoint: `${collector}/api/event`, captureOnLocalhost: true, logging: false });
  return {
    track: (name, p) =>
      track(name, { props: { product_id: p.product_id, price: String(p.price), quantity: String(p.quantity), currency: p.currency } }),
  };
};

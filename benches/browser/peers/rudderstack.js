// RudderStack v3, the `/bundled` entry: the default one fetches its plugins from the vendor CDN.
import { RudderAnalytics } from '@rudderstack/analytics-js/bundled';

window.benchSetup = ({ collector }) =>
  new Promise((ready) => {
    const rudder = new RudderAnalytics();
    rudder.load('bench', collector, { configUrl: collector, logLevel: 'ERROR' });
    rudder.page();
    rudder.ready(() => ready({ track: (name, props) => rudder.track(name, props) }));
  });

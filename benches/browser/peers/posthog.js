// PostHog (posthog-js default npm entry) with its API host at the bench collector.
import posthog from 'posthog-js';

window.benchSetup = ({ collector }) =>
  new Promise((ready) => {
    posthog.init('phc_bench', {
      api_host: collector,
      loaded: (ph) => ready({ track: (name, props) => ph.capture(name, props) }),
    });
  });

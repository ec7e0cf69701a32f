// Segment (analytics-next) as a shop installs it from npm; settings come from the bench collector.
import { AnalyticsBrowser } from '@segment/analytics-next';

window.benchSetup = async ({ collector }) => {
  const [analytics] = await AnalyticsBrowser.load({ writeKey: 'bench', cdnURL: collector });
  analytics.page();
  return { track: (name, props) => analytics.track(name, props) };
};

// The whole demo stack on test ports: upstream sink, collector in workerd, storefront.
import { startCollector } from '../../examples/demo-shop/collector.mjs';
import { startSink } from '../../examples/demo-shop/sink.mjs';
import { startStatic } from '../../examples/demo-shop/static.mjs';

export const TEST_PEPPER = 'test-pepper-5f1c0a9e7d3b4c2a-never-in-a-browser';

export async function startStack({ sinkPort = 18789, collectorPort = 18787, shopPort = 18080, consent, extraOrigins = [], pages } = {}) {
  const sink = await startSink({ port: sinkPort });
  const shopOrigin = `http://localhost:${shopPort}`;
  const collector = await startCollector({
    port: collectorPort,
    upstreamUrl: `${sink.url}/ingest`,
    allowedOrigins: [shopOrigin, ...extraOrigins],
    pepper: TEST_PEPPER,
    consent,
  });
  const shop = await startStatic({ port: shopPort, collectorUrl: collector.url, pages });
  return {
    sink,
    collector,
    shop,
    async close() {
      await Promise.allSettled([collector.close(), shop.close(), sink.close()]);
    },
  };
}

// The whole demo stack on test ports: upstream sink, collector in workerd, storefront.
import { startCollector } from '../../examples/demo-shop/collector.mjs';
import { startSink } from '../../examples/demo-shop/sink.mjs';
import { startStatic } from '../../examples/demo-shop/static.mjs';

export const TEST_PEPPER = 'test-pepper-5f1c0a9e7d3b4c2a-never-in-a-browser';

export async function startStack({ sinkPort = 18789, collectorPort = 18787, shopPort = 18080, consent, customEvents, extraOrigins = [], pages } = {}) {
  // A part that fails to start (a port in use) must not leave the others running: a leftover
  // workerd would keep the test process alive and the run would hang.
  const started = [];
  let sink;
  let collector;
  let shop;
  try {
    sink = await startSink({ port: sinkPort });
    started.push(sink);
    const shopOrigin = `http://localhost:${shopPort}`;
    collector = await startCollector({
      port: collectorPort,
      upstreamUrl: `${sink.url}/ingest`,
      allowedOrigins: [shopOrigin, ...extraOrigins],
      pepper: TEST_PEPPER,
      consent,
      customEvents,
    });
    started.push(collector);
    shop = await startStatic({ port: shopPort, collectorUrl: collector.url, pages });
  } catch (err) {
    await Promise.allSettled(started.map((s) => s.close()));
    throw err;
  }
  return {
    sink,
    collector,
    shop,
    async close() {
      await Promise.allSettled([collector.close(), shop.close(), sink.close()]);
    },
  };
}

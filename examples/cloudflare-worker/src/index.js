// The tracksafe edge collector as a Cloudflare Worker. Configuration comes from `env`
// (vars and secrets); the collector is made on the first request, never at top level.
// TRACKSAFE_PEPPER (a secret, at least 16 bytes) re-keys every identifier before it goes upstream.
import { createCollector } from 'tracksafe';

let collector;
let configuredFrom;

export default {
  async fetch(request, env, ctx) {
    if (!collector || configuredFrom !== env) {
      collector = createCollector({
        upstreamUrl: env.UPSTREAM_URL,
        upstreamToken: env.UPSTREAM_TOKEN,
        allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
        pepper: env.TRACKSAFE_PEPPER,
        upstreamForgetUrl: env.UPSTREAM_FORGET_URL || undefined,
        cookieDomain: env.COOKIE_DOMAIN || undefined,
        // The consent options as JSON, e.g. {"tcfVendorId":901}: use the tracker's values.
        consent: env.CONSENT_OPTIONS ? JSON.parse(env.CONSENT_OPTIONS) : undefined,
        // The shop's custom event declarations as JSON: the tracker's `customEvents` value.
        customEvents: env.CUSTOM_EVENTS ? JSON.parse(env.CUSTOM_EVENTS) : undefined,
        // The tools each batch also goes to (JSON array; credentials named by binding, see README).
        destinations: env.TRACKSAFE_DESTINATIONS ? JSON.parse(env.TRACKSAFE_DESTINATIONS) : undefined,
      }, env);
      configuredFrom = env;
    }
    return collector.fetch(request, env, ctx);
  },
};

//! The edge collector's pure part: validates a request, re-checks consent, re-minimizes every
//! event and builds the upstream body. It trusts nothing the browser claims; the platform glue
//! (workerd, Fastly) only reads the request, sends what this returns and retries the upstream.

mod config;
pub mod consent;
pub mod cookie;
mod forget;
mod id;
mod rekey;
mod request;
mod response;
pub mod retry;

pub use config::CollectorConfig;
pub use rekey::{Rekey, MIN_PEPPER_BYTES};
pub use response::{error_response, EdgeResponse};

use crate::batch::{self, BatchHeader};
use crate::destinations;
use crate::identity::{is_uuid_v4, FillRandom};
use crate::json::Value;
use crate::minimize::{minimize_event_cached, ContextCache, MinimizeOptions};

/// The parts of an HTTP request the collector looks at. Headers are already lowercased by name.
pub struct EdgeRequest<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub origin: Option<&'a str>,
    pub content_type: Option<&'a str>,
    /// `Sec-GPC: 1` was sent.
    pub sec_gpc: bool,
    pub cookie: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    /// Country and region from the platform (`request.cf`, Fastly geo), never from the client.
    pub country: Option<&'a str>,
    pub region: Option<&'a str>,
    pub body: &'a [u8],
    pub now_ms: f64,
}

/// What the platform glue must do next.
#[derive(Debug)]
pub enum EdgeAction {
    /// Answer the browser at once.
    Respond(EdgeResponse),
    /// Deliver `body` upstream; answer `on_success` only once the upstream took it (2xx),
    /// otherwise `on_failure` (503 with `Retry-After`) so the browser keeps the batch.
    Forward {
        body: String,
        on_success: EdgeResponse,
        on_failure: EdgeResponse,
        /// Requests for the configured destinations this batch's consent allows, each delivered
        /// on its own (its failure never blocks or repeats another's).
        fan_out: Vec<DestinationRequest>,
    },
    /// Like `Forward`, to the upstream's forget endpoint (`upstreamForgetUrl`): an erasure request.
    Erase {
        body: String,
        on_success: EdgeResponse,
        on_failure: EdgeResponse,
    },
}

/// Handles one request without a random source (`GET /id` answers 503).
pub fn handle(config: &CollectorConfig, req: &EdgeRequest) -> EdgeAction {
    handle_with(config, req, true, &mut |_| {
        Err(crate::Error::RandomUnavailable)
    })
}

/// Handles one request; `secure` = it came over `https:` (cookies are then `Secure`), `fill` is
/// the platform RNG, drawn only by `GET /id`.
pub fn handle_with(
    config: &CollectorConfig,
    req: &EdgeRequest,
    secure: bool,
    fill: FillRandom,
) -> EdgeAction {
    let cors = req
        .origin
        .filter(|o| config.origin_allowed(o))
        .map(str::to_owned);
    let refuse = |status, code, message: &str| {
        EdgeAction::Respond(error_response(status, code, message, cors.as_deref()))
    };
    match (req.method, req.path) {
        ("OPTIONS", _) => {
            return match &cors {
                Some(o) => EdgeAction::Respond(EdgeResponse::preflight(o)),
                None => refuse(
                    403,
                    "ORIGIN_NOT_ALLOWED",
                    "this origin may not send events here",
                ),
            }
        }
        ("POST", "/collect") => {}
        ("POST", "/forget") => return forget::handle(config, req, cors.as_deref(), secure),
        ("GET", "/id") => return id::handle(config, req, cors.as_deref(), secure, fill),
        (_, "/forget" | "/id") => return refuse(405, "METHOD_NOT_ALLOWED", "wrong method"),
        (_, "/collect") => return refuse(405, "METHOD_NOT_ALLOWED", "use POST"),
        _ => return refuse(404, "NOT_FOUND", "no such route"),
    }
    if cors.is_none() {
        return refuse(
            403,
            "ORIGIN_NOT_ALLOWED",
            "this origin may not send events here",
        );
    }
    let json_type = req
        .content_type
        .and_then(|t| t.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"));
    if !json_type {
        return refuse(415, "UNSUPPORTED_MEDIA_TYPE", "send application/json");
    }
    if req.body.len() > config.max_body_bytes {
        return refuse(
            413,
            "BODY_TOO_LARGE",
            "the batch is larger than the collector accepts",
        );
    }
    let Ok(text) = core::str::from_utf8(req.body) else {
        return refuse(400, "INVALID_UTF8", "the body is not UTF-8");
    };
    let parsed = match Value::parse(text) {
        Ok(v) => v,
        Err(e) => return refuse(400, e.code(), "the body is not valid JSON"),
    };
    let Some(events) = parsed.get("events").and_then(Value::as_array) else {
        return refuse(
            400,
            "INVALID_BATCH",
            "a batch is an object with an events array",
        );
    };
    if parsed.get("v").and_then(Value::as_f64) != Some(batch::BATCH_VERSION) {
        return refuse(400, "INVALID_BATCH", "unsupported batch version");
    }
    if events.len() > config.max_events {
        return refuse(413, "TOO_MANY_EVENTS", "too many events in one batch");
    }

    // Consent: the client's claim can only be narrowed here, never widened.
    let consent = consent::edge_consent(config, req, &parsed);
    let opts = MinimizeOptions {
        consent,
        schemas: &config.schemas,
        url: &config.url,
    };
    let mut kept = Vec::new();
    // The events of one batch mostly come from one page and carry its context.
    let mut contexts = ContextCache::default();
    for wire in events {
        let (id, ts, rest) = batch::split_wire_event(wire);
        let (Some(id), Some(ts)) = (
            id.filter(|i| is_uuid_v4(i)),
            ts.filter(|t| t.is_finite() && *t >= 0.0),
        ) else {
            continue;
        };
        let Some(needs) = rest
            .get("name")
            .and_then(Value::as_str)
            .and_then(|n| config.schemas.purposes_for(n))
        else {
            continue;
        };
        if !needs.is_subset_of(&consent) {
            continue;
        }
        if let Ok(clean) = minimize_event_cached(&rest, &opts, &mut contexts) {
            kept.push(batch::wire_event(id, ts, clean));
        }
    }
    let dropped = events.len() - kept.len();
    if kept.is_empty() {
        return EdgeAction::Respond(EdgeResponse::accepted(0, dropped, cors.as_deref()));
    }
    let site = parsed
        .get("site")
        .and_then(Value::as_str)
        .filter(|s| crate::config::is_site_name(s))
        .unwrap_or("default");
    // Every identifier is re-keyed with the pepper before it goes upstream (rekey.rs).
    let lifetime = config.visitor_lifetime_days;
    let (visitor, session) = config
        .rekey
        .batch_ids(&parsed, req.cookie, req.now_ms, lifetime);
    let header = BatchHeader {
        site,
        sent_at_ms: req.now_ms,
        consent,
        consent_source: "edge",
        visitor_id: visitor.as_deref(),
        session_id: session.as_deref(),
        detail: None,
    };
    let accepted = kept.len();
    let mut out = batch::build(&header, kept);
    config.rekey.add_identifiers(&parsed, consent, &mut out);
    if let (Value::Object(m), Some(country)) = (&mut out, req.country.filter(|c| is_region_code(c)))
    {
        m.push((
            "geo".to_owned(),
            batch::geo(country, req.region.filter(|r| is_region_code(r))),
        ));
    }
    let fan_out = destinations::route(&out, consent, req.sec_gpc, &config.destinations)
        .into_iter()
        .map(|(i, r)| DestinationRequest {
            name: config.destinations[i].name.clone(),
            request: r,
        })
        .collect();
    EdgeAction::Forward {
        body: out.to_json(),
        on_success: EdgeResponse::accepted(accepted, dropped, cors.as_deref()),
        on_failure: EdgeResponse::upstream_unavailable(cors.as_deref()),
        fan_out,
    }
}

/// One delivery to a configured destination, in that tool's own format.
#[derive(Debug)]
pub struct DestinationRequest {
    /// The destination's name from the config (for delivery reports).
    pub name: String,
    pub request: destinations::Request,
}

/// A country or subdivision code: 1–3 ASCII letters or digits.
fn is_region_code(s: &str) -> bool {
    (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Upstream delivery attempts within one request, and the pause before each retry (ms); the same
/// schedule serves every destination (`retry::after_attempt`).
pub const UPSTREAM_RETRY_DELAYS_MS: [u32; 2] = [100, 400];
/// How long one upstream attempt may take before it counts as failed (ms).
pub const UPSTREAM_TIMEOUT_MS: u32 = 3_000;

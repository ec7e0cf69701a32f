//! `GET /id`: the visitor ID as a server-set `HttpOnly` cookie, for shops that serve the collector
//! from their own domain. Invariant: only the consent cookies of the request can allow it (a query
//! parameter or a header claiming consent is ignored); without an analytics grant the answer is
//! 204 and no cookie is set.

use super::cookie::{self, CookieAttrs};
use super::{error_response, CollectorConfig, EdgeAction, EdgeRequest, EdgeResponse};
use crate::consent::{resolve, ConsentOptions, Signals};
use crate::identity::{self, FillRandom, StampedId, VISITOR_COOKIE};
use crate::json;

/// Handles `GET /id` (the caller checked the route).
pub fn handle(
    config: &CollectorConfig,
    req: &EdgeRequest,
    cors: Option<&str>,
    secure: bool,
    fill: FillRandom,
) -> EdgeAction {
    if req.origin.is_some() && cors.is_none() {
        return EdgeAction::Respond(error_response(
            403,
            "ORIGIN_NOT_ALLOWED",
            "this origin may not request an ID",
            None,
        ));
    }
    // No region is passed: only a CMP cookie that grants analytics allows an ID here.
    let signals = Signals {
        cookies: req.cookie.map(str::to_owned),
        gpc: Some(req.sec_gpc),
        ..Signals::default()
    };
    if !resolve(&signals, &ConsentOptions::default())
        .purposes
        .analytics
    {
        return EdgeAction::Respond(EdgeResponse::no_content(cors));
    }
    let lifetime = config.visitor_lifetime_days;
    let (existing, _) = cookie::stamped_ids(req.cookie, req.now_ms);
    let (visitor, outcome) = match identity::live_visitor(existing, req.now_ms, lifetime) {
        Some(v) => (v, "kept"),
        None => match identity::uuid_v4(fill) {
            Ok(id) => (
                StampedId {
                    id,
                    at_ms: req.now_ms,
                },
                "minted",
            ),
            Err(e) => {
                return EdgeAction::Respond(error_response(503, e.code(), "no random source", cors))
            }
        },
    };
    let attrs = CookieAttrs {
        domain: config.cookie_domain.as_deref(),
        secure,
    };
    let max_age = identity::visitor_max_age_s(&visitor, req.now_ms, lifetime);
    let mut r = EdgeResponse::json(200, &json::object([("visitor", outcome.into())]), cors);
    r.headers.push((
        "set-cookie",
        cookie::set(VISITOR_COOKIE, &visitor.to_cookie_value(), max_age, &attrs),
    ));
    EdgeAction::Respond(r)
}

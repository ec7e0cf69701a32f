//! `POST /forget`: the erasure request. Validated like `/collect`; every identifier it carries
//! (or the request's `_ts_vid` / `_ts_sid` cookies carry) is re-keyed and forwarded to the
//! upstream's forget endpoint, and both cookies are expired in the answer, whatever the upstream
//! says. Invariant: nothing un-keyed goes upstream, and consent never blocks an erasure.

use super::cookie::{self, CookieAttrs};
use super::request::json_body;
use super::{CollectorConfig, EdgeAction, EdgeRequest, EdgeResponse};
use crate::batch;
use crate::identify::Identifiers;
use crate::identity::is_uuid_v4;
use crate::json::{self, Value};

/// Handles `POST /forget` (the route and CORS were checked by the caller).
pub fn handle(
    config: &CollectorConfig,
    req: &EdgeRequest,
    cors: Option<&str>,
    secure: bool,
) -> EdgeAction {
    let body = match json_body(config, req, cors) {
        Ok(Value::Object(m)) => Value::Object(m),
        Ok(_) => {
            return EdgeAction::Respond(super::error_response(
                400,
                "INVALID_ERASURE",
                "an erasure request is a JSON object",
                cors,
            ))
        }
        Err(r) => return EdgeAction::Respond(r),
    };
    let (cookie_v, cookie_s) = cookie::stamped_ids(req.cookie, req.now_ms);
    let id = |key: &str, from_cookie: Option<String>| {
        body.get(key)
            .and_then(Value::as_str)
            .filter(|v| is_uuid_v4(v))
            .map(str::to_owned)
            .or(from_cookie)
            .map(|v| config.rekey.key(&v))
    };
    let visitor = id("visitorId", cookie_v.map(|v| v.id));
    let session = id("sessionId", cookie_s.map(|s| s.id));
    let ids = config
        .rekey
        .identifiers(&Identifiers::from_wire(body.get("identifiers")));
    let site = body
        .get("site")
        .and_then(Value::as_str)
        .filter(|s| crate::config::is_site_name(s))
        .unwrap_or("default");

    let attrs = CookieAttrs {
        domain: config.cookie_domain.as_deref(),
        secure,
    };
    let with_expiry = |mut r: EdgeResponse| {
        for c in cookie::expire_all(&attrs) {
            r.headers.push(("set-cookie", c));
        }
        r
    };
    let answer = |status: u16, erasure: &str| {
        with_expiry(EdgeResponse::json(
            status,
            &json::object([("erasure", erasure.into())]),
            cors,
        ))
    };
    if visitor.is_none() && session.is_none() && ids.is_empty() {
        return EdgeAction::Respond(answer(202, "nothing_to_erase"));
    }
    let upstream = batch::erasure(
        site,
        req.now_ms,
        visitor.as_deref(),
        session.as_deref(),
        &ids,
    );
    EdgeAction::Erase {
        body: upstream,
        on_success: answer(202, "forwarded"),
        on_failure: with_expiry(EdgeResponse::upstream_unavailable(cors)),
    }
}

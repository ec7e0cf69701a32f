//! The checks every JSON route of the collector runs before reading a body: an allowed origin,
//! `application/json`, the size cap, UTF-8 and valid (bounded) JSON. Invariant: a refusal never
//! echoes the request.

use super::{error_response, CollectorConfig, EdgeRequest, EdgeResponse};
use crate::json::Value;

/// The parsed body, or the error response to send (CORS headers only for an allowed origin).
pub fn json_body(
    config: &CollectorConfig,
    req: &EdgeRequest,
    cors: Option<&str>,
) -> Result<Value, EdgeResponse> {
    let refuse = |status, code: &str, message: &str| error_response(status, code, message, cors);
    if cors.is_none() {
        return Err(refuse(
            403,
            "ORIGIN_NOT_ALLOWED",
            "this origin may not send requests here",
        ));
    }
    let json_type = req
        .content_type
        .and_then(|t| t.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"));
    if !json_type {
        return Err(refuse(
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            "send application/json",
        ));
    }
    if req.body.len() > config.max_body_bytes {
        return Err(refuse(
            413,
            "BODY_TOO_LARGE",
            "the body is larger than the collector accepts",
        ));
    }
    let Ok(text) = core::str::from_utf8(req.body) else {
        return Err(refuse(400, "INVALID_UTF8", "the body is not UTF-8"));
    };
    Value::parse(text).map_err(|e| refuse(400, e.code(), "the body is not valid JSON"))
}

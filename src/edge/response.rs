//! The collector's answers: JSON bodies, no-store caching, CORS only for allowed origins.
//! Invariant: an error body never echoes the request or carries a stack trace.

use crate::json::{self, Value};

/// A response for the platform glue to send as is.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeResponse {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

fn base_headers(cors_origin: Option<&str>) -> Vec<(&'static str, String)> {
    let mut h = vec![
        ("content-type", "application/json".to_owned()),
        ("cache-control", "no-store".to_owned()),
        ("x-content-type-options", "nosniff".to_owned()),
    ];
    if let Some(o) = cors_origin {
        h.push(("access-control-allow-origin", o.to_owned()));
        h.push(("access-control-allow-credentials", "true".to_owned()));
        h.push(("vary", "Origin".to_owned()));
    }
    h
}

/// `{ "error": { "code", "message" } }` with the given status.
pub fn error_response(
    status: u16,
    code: &str,
    message: &str,
    cors_origin: Option<&str>,
) -> EdgeResponse {
    let body = json::object([(
        "error",
        json::object([("code", code.into()), ("message", message.into())]),
    )]);
    EdgeResponse {
        status,
        headers: base_headers(cors_origin),
        body: body.to_json(),
    }
}

impl EdgeResponse {
    /// 202 with how many events were accepted and dropped.
    pub fn accepted(accepted: usize, dropped: usize, cors_origin: Option<&str>) -> EdgeResponse {
        let body = json::object([
            ("accepted", Value::Number(accepted as f64)),
            ("dropped", Value::Number(dropped as f64)),
        ]);
        EdgeResponse {
            status: 202,
            headers: base_headers(cors_origin),
            body: body.to_json(),
        }
    }

    /// A JSON answer with any status.
    pub fn json(status: u16, body: &Value, cors_origin: Option<&str>) -> EdgeResponse {
        EdgeResponse {
            status,
            headers: base_headers(cors_origin),
            body: body.to_json(),
        }
    }

    /// 204 without a body.
    pub fn no_content(cors_origin: Option<&str>) -> EdgeResponse {
        let mut headers = base_headers(cors_origin);
        headers.retain(|(k, _)| *k != "content-type");
        EdgeResponse {
            status: 204,
            headers,
            body: String::new(),
        }
    }

    /// 503 with `Retry-After`: the upstream did not take the batch, so the browser must keep it.
    pub fn upstream_unavailable(cors_origin: Option<&str>) -> EdgeResponse {
        let mut r = error_response(503, "UPSTREAM_UNAVAILABLE", "try again later", cors_origin);
        r.headers.push(("retry-after", "5".to_owned()));
        r
    }

    /// The answer to a CORS preflight from an allowed origin.
    pub fn preflight(origin: &str) -> EdgeResponse {
        let mut headers = base_headers(Some(origin));
        headers.push(("access-control-allow-methods", "POST, OPTIONS".to_owned()));
        headers.push(("access-control-allow-headers", "content-type".to_owned()));
        headers.push(("access-control-max-age", "600".to_owned()));
        EdgeResponse {
            status: 204,
            headers,
            body: String::new(),
        }
    }
}

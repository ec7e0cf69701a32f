//! Turns the core's `EdgeResponse` into a Fastly `Response`, header for header.
//! Invariant: the client sees only what the core wrote (status, headers, JSON body).

use fastly::Response;
use tracksafe::edge::{error_response, EdgeResponse};

pub fn to_response(r: EdgeResponse) -> Response {
    let mut resp = Response::from_status(r.status);
    for (name, value) in &r.headers {
        resp.append_header(*name, value.as_str());
    }
    if !r.body.is_empty() {
        resp.set_body(r.body);
    }
    resp
}

/// 500 for a service whose configuration the core refused; no detail reaches the client.
pub fn misconfigured() -> Response {
    to_response(error_response(
        500,
        "COLLECTOR_MISCONFIGURED",
        "the collector is not configured",
        None,
    ))
}

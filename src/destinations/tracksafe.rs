//! tracksafe's own versioned batch, forwarded unchanged (identity passthrough).
//! Invariant: the body is exactly the batch the edge built; only an auth header is added.

use super::config::{Account, Destination};
use super::route::Request;
use crate::json::Value;

/// One request carrying the whole batch, or none for a batch without events.
pub fn requests(batch: &Value, d: &Destination) -> Vec<Request> {
    let has_events = batch
        .get("events")
        .and_then(Value::as_array)
        .is_some_and(|e| !e.is_empty());
    if !has_events {
        return Vec::new();
    }
    let mut headers = Vec::new();
    if let Account::Tracksafe { token: Some(t) } = &d.account {
        headers.push(("authorization", format!("Bearer {t}")));
    }
    vec![Request::json(d.endpoint.clone(), batch, headers)]
}

//! Delivers a batch (or an erasure) upstream through a Fastly backend, on the core's schedule
//! (`edge::retry`). Invariant: the upstream request carries only the content type, the optional
//! bearer token and the body the core rebuilt — no client header or IP is ever forwarded.

use std::thread::sleep;
use std::time::Duration;

use tracksafe::edge::retry::{self, Settled, Step};

use crate::outbound::Attempt;
use crate::settings::Upstream;

/// `true` once the upstream answered 2xx. 5xx, 408, 429, network errors and timeouts are retried
/// after each of the core's delays; any other status is final.
pub fn deliver(up: &Upstream, url: &str, body: &str) -> bool {
    let mut headers = vec![("content-type", "application/json".to_owned())];
    if let Some(token) = &up.token {
        headers.push(("authorization", format!("Bearer {token}")));
    }
    let mut attempts = 0;
    loop {
        attempts += 1;
        let status = Attempt::start(&up.backend, url, &headers, body).wait();
        match retry::after_attempt(status, attempts) {
            Step::Settled(s) => return s == Settled::Delivered,
            Step::RetryIn(ms) => sleep(Duration::from_millis(u64::from(ms))),
        }
    }
}

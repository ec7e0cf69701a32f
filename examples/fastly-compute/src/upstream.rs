//! Delivers a batch upstream through a Fastly backend with the core's retry schedule and
//! per-attempt timeout. Invariant: the upstream request is built from scratch (content type,
//! optional bearer token, the rebuilt body), so no client header or IP is ever forwarded.

use std::thread::sleep;
use std::time::{Duration, Instant};

use fastly::http::request::PollResult;
use fastly::{Request, Response};
use tracksafe::edge::{UPSTREAM_RETRY_DELAYS_MS, UPSTREAM_TIMEOUT_MS};

use crate::settings::Upstream;

/// How often a pending upstream request is checked against its deadline.
const POLL_EVERY: Duration = Duration::from_millis(1);

/// `true` once the upstream answered 2xx. 5xx, 408, 429, network errors and timeouts are retried
/// after each delay in `UPSTREAM_RETRY_DELAYS_MS`; any other status is final.
pub fn deliver(up: &Upstream, url: &str, body: &str) -> bool {
    let first = core::iter::once(0u32);
    for delay in first.chain(UPSTREAM_RETRY_DELAYS_MS) {
        if delay > 0 {
            sleep(Duration::from_millis(u64::from(delay)));
        }
        match attempt(up, url, body) {
            Some(status) if (200..300).contains(&status) => return true,
            Some(status) if status < 500 && status != 429 && status != 408 => return false,
            _ => {}
        }
    }
    false
}

/// One attempt: the upstream's status, or `None` for a network error or a timeout.
fn attempt(up: &Upstream, url: &str, body: &str) -> Option<u16> {
    let mut req = Request::post(url)
        .with_header("content-type", "application/json")
        .with_body(body.to_owned());
    if let Some(token) = &up.token {
        req.set_header("authorization", format!("Bearer {token}"));
    }
    let deadline = Instant::now() + Duration::from_millis(u64::from(UPSTREAM_TIMEOUT_MS));
    let mut pending = req.send_async(up.backend.as_str()).ok()?;
    loop {
        match pending.poll() {
            PollResult::Done(result) => return result.ok().map(status),
            PollResult::Pending(p) if Instant::now() < deadline => {
                pending = p;
                sleep(POLL_EVERY);
            }
            // Timed out: dropping the pending request abandons it.
            PollResult::Pending(_) => return None,
        }
    }
}

fn status(resp: Response) -> u16 {
    resp.get_status().as_u16()
}

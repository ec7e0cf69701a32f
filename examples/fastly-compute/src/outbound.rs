//! One attempt at a request through a Fastly backend, bounded by the core's per-attempt timeout
//! (`UPSTREAM_TIMEOUT_MS`). Invariant: the request is built from scratch out of what the core
//! returned (URL, headers, body), so no client header or IP is ever forwarded.

use std::thread::sleep;
use std::time::{Duration, Instant};

use fastly::http::request::{PendingRequest, PollResult};
use fastly::Request;
use tracksafe::edge::UPSTREAM_TIMEOUT_MS;

/// How often a blocking wait checks its pending request against the deadline.
const POLL_EVERY: Duration = Duration::from_millis(1);

/// One sent attempt; poll it until it gives its answer.
pub struct Attempt {
    /// `None` once answered, or when the platform refused to send it.
    pending: Option<PendingRequest>,
    deadline: Instant,
}

impl Attempt {
    /// Starts one POST through `backend`.
    pub fn start(backend: &str, url: &str, headers: &[(&str, String)], body: &str) -> Attempt {
        let mut req = Request::post(url).with_body(body.to_owned());
        for (name, value) in headers {
            req.set_header(*name, value.as_str());
        }
        Attempt {
            // An error here is a missing backend, or the platform's cap on backend requests per
            // execution: it counts as a network error.
            pending: req.send_async(backend).ok(),
            deadline: Instant::now() + Duration::from_millis(u64::from(UPSTREAM_TIMEOUT_MS)),
        }
    }

    /// Checks once, without blocking: `None` while waiting, then the answer — a status, or
    /// `None` for a network error or a timeout (the request is then dropped, i.e. abandoned).
    pub fn poll(&mut self) -> Option<Option<u16>> {
        let Some(pending) = self.pending.take() else {
            return Some(None);
        };
        match pending.poll() {
            PollResult::Done(result) => Some(result.ok().map(|r| r.get_status().as_u16())),
            PollResult::Pending(p) if Instant::now() < self.deadline => {
                self.pending = Some(p);
                None
            }
            PollResult::Pending(_) => Some(None),
        }
    }

    /// Blocks until the attempt is answered or timed out.
    pub fn wait(mut self) -> Option<u16> {
        loop {
            if let Some(answer) = self.poll() {
                return answer;
            }
            sleep(POLL_EVERY);
        }
    }
}

//! Delivers an accepted batch to the configured destinations, after the client has its answer.
//! Every destination request runs on its own schedule (the core's `edge::retry`), all of them at
//! once, so one slow or failing destination never delays, drops or repeats another's request.
//! Invariant: each outcome is reported as one JSON line with the destination's name, outcome,
//! last status and attempts — never its URL, which can carry credentials (GA4's `api_secret`,
//! Meta's `access_token`), and never a header or body.

use std::thread::sleep;
use std::time::{Duration, Instant};

use tracksafe::edge::retry::{self, Settled, Step};
use tracksafe::edge::DestinationRequest;
use tracksafe::json;

use crate::backends;
use crate::outbound::Attempt;

/// How often the pending requests are checked. Sleeping between checks keeps the CPU time of a
/// fan-out low (Fastly bills and caps CPU time, not the wall-clock time spent waiting).
const POLL_EVERY: Duration = Duration::from_millis(2);

/// One destination request and where its delivery stands.
struct Delivery {
    target: DestinationRequest,
    attempts: u32,
    /// The last answer: a status, or `None` for a network error or timeout.
    status: Option<u16>,
    /// When the next attempt may start (when nothing is in flight).
    due: Instant,
    in_flight: Option<Attempt>,
}

/// Sends every request, retries each on its own, and reports each outcome; returns when all are
/// settled (at most the core's attempts per request, each bounded by its timeout).
pub fn deliver(requests: Vec<DestinationRequest>) {
    let now = Instant::now();
    let mut open: Vec<Delivery> = requests
        .into_iter()
        .map(|target| Delivery {
            target,
            attempts: 0,
            status: None,
            due: now,
            in_flight: None,
        })
        .collect();
    while !open.is_empty() {
        let now = Instant::now();
        let mut i = 0;
        while i < open.len() {
            match advance(&mut open[i], now) {
                Some(settled) => report(&open.swap_remove(i), settled),
                None => i += 1,
            }
        }
        if !open.is_empty() {
            sleep(POLL_EVERY);
        }
    }
}

/// Starts a due attempt or checks the one in flight; `Some` once the delivery is settled.
fn advance(d: &mut Delivery, now: Instant) -> Option<Settled> {
    if d.in_flight.is_none() {
        if d.due > now {
            return None;
        }
        d.attempts += 1;
        let r = &d.target.request;
        let backend = backends::for_destination(&d.target.name);
        d.in_flight = Some(Attempt::start(backend, &r.url, &r.headers, &r.body));
    }
    let status = d.in_flight.as_mut()?.poll()?;
    d.in_flight = None;
    d.status = status;
    match retry::after_attempt(status, d.attempts) {
        Step::Settled(s) => Some(s),
        Step::RetryIn(ms) => {
            d.due = Instant::now() + Duration::from_millis(u64::from(ms));
            None
        }
    }
}

/// The same line the Workers collector logs: `{"tracksafe":"destination","name",…}`.
fn report(d: &Delivery, settled: Settled) {
    let line = json::object([
        ("tracksafe", "destination".into()),
        ("name", d.target.name.as_str().into()),
        ("outcome", settled.name().into()),
        ("status", u32::from(d.status.unwrap_or(0)).into()),
        ("attempts", d.attempts.into()),
    ]);
    println!("{}", line.to_json());
}

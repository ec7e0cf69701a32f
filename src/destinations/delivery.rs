//! Delivery bookkeeping per destination, as plain data: pending attempts, outcomes and counters.
//! Invariant: each routed request is owned by exactly one pending attempt until it is delivered,
//! rejected or exhausted — one destination's failures never delay, drop or repeat another's.

use super::route::Request;
use crate::transport::{verdict, Verdict};

/// Attempts per request before it is given up (the first try included).
pub const MAX_ATTEMPTS: u32 = 8;
/// Longest failure reason kept.
pub const MAX_REASON: usize = 200;

/// One request waiting to be (re)sent to one destination.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    pub destination: usize,
    pub request: Request,
    /// Failures so far (0 before the first try).
    pub failures: u32,
    /// Not to be sent before this time (ms since the epoch).
    pub not_before_ms: f64,
}

/// What a destination answered: an HTTP status, or `None` for a network error or timeout.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer<'a> {
    pub status: Option<u16>,
    /// The parsed `Retry-After` header, in seconds.
    pub retry_after_s: Option<f64>,
    /// A short excerpt of the answer body (or the network error), kept as the reason.
    pub detail: &'a str,
}

/// What became of one attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Delivered,
    /// Re-queued; it will be due at `not_before_ms`.
    Retry {
        not_before_ms: f64,
    },
    /// A permanent 4xx: dropped and counted, never retried.
    Rejected {
        status: u16,
        reason: String,
    },
    /// Still failing after `MAX_ATTEMPTS`: dropped and counted.
    Exhausted {
        reason: String,
    },
}

/// Counters for one destination.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub delivered: u64,
    pub retried: u64,
    pub rejected: u64,
    pub exhausted: u64,
    /// The latest rejection or give-up reason (`"400: …"`).
    pub last_failure: Option<String>,
}

/// Every destination's pending attempts and counters.
#[derive(Debug, Clone, Default)]
pub struct Deliveries {
    pending: Vec<Attempt>,
    stats: Vec<Stats>,
}

impl Deliveries {
    /// Bookkeeping for `destinations` destinations.
    pub fn new(destinations: usize) -> Deliveries {
        Deliveries {
            pending: Vec::new(),
            stats: vec![Stats::default(); destinations],
        }
    }

    /// Queues the output of `route` (due at once). Requests for unknown destinations are ignored.
    pub fn enqueue(&mut self, routed: Vec<(usize, super::route::Request)>, now_ms: f64) {
        for (destination, request) in routed {
            if destination < self.stats.len() {
                self.pending.push(Attempt {
                    destination,
                    request,
                    failures: 0,
                    not_before_ms: now_ms,
                });
            }
        }
    }

    /// Removes and returns every attempt due at `now_ms`; the caller sends each and reports
    /// back with `settle`. Attempts not yet due stay queued.
    pub fn take_due(&mut self, now_ms: f64) -> Vec<Attempt> {
        let (due, later) = core::mem::take(&mut self.pending)
            .into_iter()
            .partition(|a| a.not_before_ms <= now_ms);
        self.pending = later;
        due
    }

    /// Records the answer to one taken attempt. `jitter` is a random number in `[0, 1)`.
    pub fn settle(
        &mut self,
        mut attempt: Attempt,
        answer: &Answer,
        now_ms: f64,
        jitter: f64,
    ) -> Outcome {
        let Some(stats) = self.stats.get_mut(attempt.destination) else {
            return Outcome::Exhausted {
                reason: "unknown destination".into(),
            };
        };
        match verdict(
            answer.status,
            answer.retry_after_s,
            attempt.failures,
            jitter,
        ) {
            Verdict::Delivered => {
                stats.delivered += 1;
                Outcome::Delivered
            }
            Verdict::Rejected => {
                let status = answer.status.unwrap_or(0);
                let reason = reason(answer);
                stats.rejected += 1;
                stats.last_failure = Some(reason.clone());
                Outcome::Rejected { status, reason }
            }
            Verdict::Retry { delay_ms } => {
                attempt.failures += 1;
                if attempt.failures >= MAX_ATTEMPTS {
                    let reason = reason(answer);
                    stats.exhausted += 1;
                    stats.last_failure = Some(reason.clone());
                    Outcome::Exhausted { reason }
                } else {
                    stats.retried += 1;
                    attempt.not_before_ms = now_ms + delay_ms;
                    let next = attempt.not_before_ms;
                    self.pending.push(attempt);
                    Outcome::Retry {
                        not_before_ms: next,
                    }
                }
            }
        }
    }

    /// The counters of one destination.
    pub fn stats(&self, destination: usize) -> Option<&Stats> {
        self.stats.get(destination)
    }

    /// The attempts still queued (for persistence or inspection).
    pub fn pending(&self) -> &[Attempt] {
        &self.pending
    }

    /// The earliest time an attempt becomes due, if any is queued.
    pub fn next_due_ms(&self) -> Option<f64> {
        self.pending
            .iter()
            .map(|a| a.not_before_ms)
            .reduce(f64::min)
    }
}

/// `"<status>: <detail>"`, control characters replaced and cut to `MAX_REASON` characters.
fn reason(answer: &Answer) -> String {
    let status = answer
        .status
        .map_or_else(|| "network".to_owned(), |s| s.to_string());
    let detail: String = answer
        .detail
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let text = if detail.trim().is_empty() {
        status
    } else {
        format!("{status}: {}", detail.trim())
    };
    text.chars().take(MAX_REASON).collect()
}

//! The edge's send policy for every request the platform glue makes on the core's behalf (the
//! upstream batch, an erasure, one destination's share of a batch): the attempt schedule and what
//! each answer means. Invariant: at most `1 + UPSTREAM_RETRY_DELAYS_MS.len()` attempts, and a 2xx
//! or a permanent answer (any other 4xx, a 1xx or 3xx) ends the request at once.

use super::UPSTREAM_RETRY_DELAYS_MS;
use crate::transport::{verdict, Verdict};

/// How a request the edge sent ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// A 2xx.
    Delivered,
    /// A permanent 4xx (not 408 or 429): never retried, reported.
    Rejected,
    /// Still failing after the last attempt (5xx, 408, 429, network error, timeout), or an answer
    /// that is neither success nor a client error (1xx, 3xx: not followed, not retried).
    Failed,
}

impl Settled {
    /// The name used in delivery reports (`"delivered"`, `"rejected"`, `"failed"`).
    pub const fn name(self) -> &'static str {
        match self {
            Settled::Delivered => "delivered",
            Settled::Rejected => "rejected",
            Settled::Failed => "failed",
        }
    }
}

/// What to do after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The request is finished.
    Settled(Settled),
    /// Send it again after this pause (ms).
    RetryIn(u32),
}

/// The step after attempt number `attempts` (1 for the first) answered `status` (`None` for a
/// network error or a timeout of `UPSTREAM_TIMEOUT_MS`).
pub fn after_attempt(status: Option<u16>, attempts: u32) -> Step {
    match verdict(status, None, 0, 0.0) {
        Verdict::Delivered => Step::Settled(Settled::Delivered),
        Verdict::Rejected if matches!(status, Some(400..=499)) => Step::Settled(Settled::Rejected),
        Verdict::Rejected => Step::Settled(Settled::Failed),
        Verdict::Retry { .. } => {
            let next = usize::try_from(attempts.max(1) - 1).unwrap_or(usize::MAX);
            match UPSTREAM_RETRY_DELAYS_MS.get(next) {
                Some(&delay) => Step::RetryIn(delay),
                None => Step::Settled(Settled::Failed),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_follow_the_upstream_schedule_then_give_up() {
        assert_eq!(after_attempt(Some(500), 1), Step::RetryIn(100));
        assert_eq!(after_attempt(None, 2), Step::RetryIn(400));
        assert_eq!(after_attempt(Some(429), 3), Step::Settled(Settled::Failed));
        assert_eq!(after_attempt(Some(408), 1), Step::RetryIn(100));
    }

    #[test]
    fn success_and_permanent_answers_end_at_once() {
        assert_eq!(
            after_attempt(Some(204), 3),
            Step::Settled(Settled::Delivered)
        );
        assert_eq!(
            after_attempt(Some(400), 1),
            Step::Settled(Settled::Rejected)
        );
        assert_eq!(
            after_attempt(Some(403), 2),
            Step::Settled(Settled::Rejected)
        );
        assert_eq!(after_attempt(Some(302), 1), Step::Settled(Settled::Failed));
        assert_eq!(Settled::Rejected.name(), "rejected");
    }
}

//! Delivery policy: which collector answers mean "delivered", "retry later" or "give up", and
//! how long to wait. Invariant: a batch is dropped only after a 2xx or a permanent 4xx.

/// What to do with a batch after the collector answered (or did not).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// 2xx: the batch is delivered; forget it.
    Delivered,
    /// Network error, 5xx, 408 or 429: keep it and retry after `delay_ms`.
    Retry { delay_ms: f64 },
    /// Any other 4xx: the collector will never accept it; drop it and record why.
    Rejected,
}

/// First retry delay.
pub const BASE_DELAY_MS: f64 = 1_000.0;
/// Retry delays never exceed this.
pub const MAX_DELAY_MS: f64 = 5.0 * 60.0 * 1000.0;

/// Decides the fate of a batch. `status` is `None` for a network error; `retry_after_s` is the
/// parsed `Retry-After` header; `attempt` counts earlier failures (0 for the first);
/// `jitter` is a random number in `[0, 1)`.
pub fn verdict(
    status: Option<u16>,
    retry_after_s: Option<f64>,
    attempt: u32,
    jitter: f64,
) -> Verdict {
    match status {
        Some(200..=299) => Verdict::Delivered,
        None | Some(408 | 429 | 500..=599) => {
            let exp = BASE_DELAY_MS * f64::from(1u32 << attempt.min(16));
            // Full jitter: spreads retries of many browsers after an outage.
            let backoff = capped(exp) * (0.5 + jitter.clamp(0.0, 1.0) / 2.0);
            let server = retry_after_s
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map(|s| s * 1000.0);
            Verdict::Retry {
                delay_ms: capped(server.map_or(backoff, |s| s.max(backoff))),
            }
        }
        Some(_) => Verdict::Rejected,
    }
}

/// `ms.min(MAX_DELAY_MS)` as one comparison (`f64::min` adds a NaN test in wasm); NaN also
/// reads as the cap.
fn capped(ms: f64) -> f64 {
    if ms < MAX_DELAY_MS {
        ms
    } else {
        MAX_DELAY_MS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_and_permanent_failures() {
        assert_eq!(verdict(Some(202), None, 0, 0.3), Verdict::Delivered);
        assert_eq!(verdict(Some(400), None, 0, 0.3), Verdict::Rejected);
        assert_eq!(verdict(Some(413), None, 3, 0.3), Verdict::Rejected);
    }

    #[test]
    fn retries_back_off_exponentially_with_jitter() {
        let d = |attempt, jitter| match verdict(None, None, attempt, jitter) {
            Verdict::Retry { delay_ms } => delay_ms,
            v => panic!("{v:?}"),
        };
        assert_eq!(d(0, 0.0), 500.0);
        assert_eq!(d(0, 1.0), 1_000.0);
        assert_eq!(d(3, 1.0), 8_000.0);
        assert_eq!(d(40, 1.0), MAX_DELAY_MS);
    }

    #[test]
    fn retry_after_is_honoured_but_bounded() {
        let r = verdict(Some(429), Some(7.0), 0, 0.0);
        assert_eq!(r, Verdict::Retry { delay_ms: 7_000.0 });
        let r = verdict(Some(503), Some(1e9), 0, 0.0);
        assert_eq!(
            r,
            Verdict::Retry {
                delay_ms: MAX_DELAY_MS
            }
        );
        let r = verdict(Some(500), Some(f64::NAN), 1, 1.0);
        assert_eq!(r, Verdict::Retry { delay_ms: 2_000.0 });
    }
}

//! Per-destination delivery bookkeeping: independent retries with backoff, 4xx reported and not
//! retried, give-up after MAX_ATTEMPTS, and no destination's failure touching another's events.
#![cfg(feature = "edge")]

use tracksafe::destinations::{Answer, Attempt, Deliveries, Outcome, Request, MAX_ATTEMPTS};

fn req(body: &str) -> Request {
    Request {
        url: "https://x.example".into(),
        headers: vec![],
        body: body.into(),
    }
}

fn answer(status: Option<u16>, detail: &str) -> Answer<'_> {
    Answer {
        status,
        retry_after_s: None,
        detail,
    }
}

#[test]
fn a_failing_destination_never_blocks_or_duplicates_another() {
    let mut d = Deliveries::new(2);
    d.enqueue(vec![(0, req("a1")), (1, req("b1")), (0, req("a2"))], 0.0);
    let mut delivered: Vec<(usize, String)> = Vec::new();
    let mut now = 0.0;
    // Destination 0 is down (503) for the whole run; destination 1 answers 200.
    for _ in 0..200 {
        for a in d.take_due(now) {
            let status = if a.destination == 0 { 503 } else { 200 };
            let (dest, body) = (a.destination, a.request.body.clone());
            if let Outcome::Delivered = d.settle(a, &answer(Some(status), "busy"), now, 0.5) {
                delivered.push((dest, body));
            }
        }
        now += 1_000.0;
    }
    assert_eq!(delivered, [(1, "b1".to_owned())], "delivered exactly once");
    let s0 = d.stats(0).unwrap();
    assert_eq!(s0.delivered, 0);
    assert_eq!(s0.exhausted, 2, "both of destination 0's requests given up");
    assert_eq!(s0.retried, 2 * u64::from(MAX_ATTEMPTS - 1));
    assert_eq!(s0.last_failure.as_deref(), Some("503: busy"));
    assert_eq!(d.stats(1).unwrap().delivered, 1);
    assert!(d.pending().is_empty());
}

#[test]
fn retries_back_off_and_wait_until_due() {
    let mut d = Deliveries::new(1);
    d.enqueue(vec![(0, req("a"))], 10_000.0);
    let a = d.take_due(10_000.0).pop().unwrap();
    let out = d.settle(a, &answer(None, "connection reset"), 10_000.0, 1.0);
    assert_eq!(
        out,
        Outcome::Retry {
            not_before_ms: 11_000.0
        }
    );
    assert!(d.take_due(10_999.0).is_empty(), "not due yet");
    assert_eq!(d.next_due_ms(), Some(11_000.0));
    let a: Attempt = d.take_due(11_000.0).pop().unwrap();
    assert_eq!(a.failures, 1);
    // Retry-After wins when longer than the backoff.
    let out = d.settle(
        a,
        &Answer {
            status: Some(429),
            retry_after_s: Some(30.0),
            detail: "",
        },
        11_000.0,
        1.0,
    );
    assert_eq!(
        out,
        Outcome::Retry {
            not_before_ms: 41_000.0
        }
    );
}

#[test]
fn a_4xx_is_counted_with_its_reason_and_never_retried() {
    let mut d = Deliveries::new(3);
    d.enqueue(
        vec![
            (0, req("a")),
            (2, req("c")),
            (7, req("unknown destination")),
        ],
        0.0,
    );
    let due = d.take_due(0.0);
    assert_eq!(
        due.len(),
        2,
        "requests for unknown destinations are not queued"
    );
    for a in due {
        let dest = a.destination;
        let detail = "{\"error\":{\"message\":\"Invalid parameter\"}}\n";
        let out = d.settle(a, &answer(Some(400), detail), 0.0, 0.0);
        assert_eq!(
            out,
            Outcome::Rejected {
                status: 400,
                reason: "400: {\"error\":{\"message\":\"Invalid parameter\"}}".into()
            },
            "destination {dest}"
        );
    }
    assert!(d.pending().is_empty());
    assert_eq!(d.stats(0).unwrap().rejected, 1);
    assert_eq!(d.stats(1).unwrap().rejected, 0);
    assert_eq!(d.stats(2).unwrap().rejected, 1);
    // Reasons are bounded.
    d.enqueue(vec![(1, req("b"))], 0.0);
    let a = d.take_due(0.0).pop().unwrap();
    let long = "x".repeat(1000);
    let Outcome::Rejected { reason, .. } = d.settle(a, &answer(Some(413), &long), 0.0, 0.0) else {
        panic!("413 is permanent");
    };
    assert_eq!(reason.chars().count(), 200);
}

//! `tracker::engine::Engine`, the JSON face both wasm faces wrap (wasm-bindgen's class in the npm
//! entries, `src/page.rs` in the script tag): its answers as the JS runtime reads them, natively.

use tracksafe::json::Value;
use tracksafe::tracker::engine::Engine;
use tracksafe::Error;

mod rng_support;
use rng_support::rng;

const T0: f64 = 1_800_000_000_000.0;
/// A manual decision, as the runtime hands `setConsent()` over: a signal.
const ANALYTICS: &str =
    r#"{"manual":{"analytics":true,"marketing":false,"preferences":false,"saleOfData":false}}"#;

fn engine() -> Engine {
    Engine::new(r#"{"endpoint":"https://c.example/collect","site":"t","batchSize":2}"#).unwrap()
}

fn json(text: &str) -> Value {
    Value::parse(text).unwrap()
}

fn get<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.get(key).unwrap_or_else(|| panic!("{key} missing"))
}

#[test]
fn options_are_checked_and_settings_come_back_as_json() {
    assert!(matches!(
        Engine::new(r#"{"bogus":1}"#),
        Err(Error::InvalidOptions(_))
    ));
    assert!(matches!(Engine::new("{"), Err(Error::InvalidJson(_))));
    let settings = json(&engine().settings());
    assert_eq!(
        get(&settings, "endpoint").as_str(),
        Some("https://c.example/collect")
    );
    // The batch size is the core's own (see the batches below); the runtime is not told it.
    assert!(settings.get("batchSize").is_none());
    assert_eq!(get(&settings, "hashProfile").as_str(), Some("meta"));
}

#[test]
fn events_wait_for_consent_then_leave_in_numbered_batches() {
    let mut e = engine();
    let mut fill = rng();
    let view = r#"{"name":"page_viewed","properties":{},"context":{"url":"https://shop.example/?email=a%40b.example"}}"#;
    assert_eq!(e.consent(), "null");
    assert_eq!(
        e.identity(T0, &mut fill).unwrap(),
        "null",
        "no IDs before analytics"
    );
    let held = json(&e.track(view, T0, &mut fill).unwrap());
    assert_eq!(get(&held, "status").as_str(), Some("queued"), "{held:?}");
    assert_eq!(
        get(&held, "reason").as_str(),
        Some("awaiting_consent"),
        "{held:?}"
    );
    assert!(
        e.next_batch(T0).is_none(),
        "nothing leaves before a decision"
    );
    assert!(matches!(
        e.track("{", T0, &mut fill),
        Err(Error::InvalidJson(_))
    ));

    let change = json(&e.set_signals(ANALYTICS, T0 + 1.0).unwrap());
    assert_eq!(get(&change, "replayed").as_f64(), Some(1.0));
    assert!(e
        .set_signals(r#"{"manual":{"analytics":"yes"}}"#, T0)
        .is_err());
    e.track(view, T0 + 2.0, &mut fill).unwrap();
    let ids = json(&e.identity(T0 + 3.0, &mut fill).unwrap());
    assert!(get(&ids, "visitor").as_str().is_some());

    let batch = e.next_batch(T0 + 4.0).expect("two events make a batch");
    let (id, body) = batch.split_once(' ').unwrap();
    let id: u32 = id.parse().unwrap();
    let body = json(body);
    let events = get(&body, "events").as_array().unwrap();
    assert_eq!(events.len(), 2);
    let url = get(get(&events[0], "context"), "url").as_str().unwrap();
    assert!(
        !url.contains("a%40b"),
        "the email in the URL is scrubbed: {url}"
    );
    let queued = json(&e.queued());
    assert_eq!(get(&queued, "outbox").as_f64(), Some(2.0));

    let retry = json(&e.settle(id, 503, Some(2.0), 0, 0.5));
    assert_eq!(get(&retry, "verdict").as_str(), Some("retry"));
    assert!(
        get(&retry, "delayMs").as_f64().unwrap() >= 2000.0,
        "Retry-After is honoured"
    );
    // The runtime waits `delayMs` (its timer), then asks for the batch again.
    let resend = e
        .next_batch(T0 + 60_000.0)
        .expect("the events again after the delay");
    let (again, resent) = resend.split_once(' ').unwrap();
    let event_ids = |b: &Value| -> Vec<String> {
        let events = get(b, "events").as_array().unwrap();
        events
            .iter()
            .map(|ev| get(ev, "eventId").as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        event_ids(&json(resent)),
        event_ids(&body),
        "the same events, not new copies"
    );
    let done = json(&e.settle(again.parse().unwrap(), 202, None, 1, 0.5));
    assert_eq!(get(&done, "verdict").as_str(), Some("delivered"));
    assert_eq!(get(&done, "events").as_f64(), Some(2.0));
    assert_eq!(get(&json(&e.queued()), "outbox").as_f64(), Some(0.0));
}

#[test]
fn the_queue_survives_a_page_and_forget_leaves_nothing() {
    let mut e = engine();
    let mut fill = rng();
    e.set_signals(ANALYTICS, T0).unwrap();
    e.track(
        r#"{"name":"page_viewed","properties":{},"context":{}}"#,
        T0,
        &mut fill,
    )
    .unwrap();
    let stored = e.persisted().expect("a queue to keep");
    let mut next = engine();
    next.set_signals(ANALYTICS, T0 + 1.0).unwrap();
    assert_eq!(next.restore_queue(&stored, T0 + 1.0), 1);
    assert_eq!(next.restore_queue("garbage", T0 + 1.0), 0);

    let digests = format!(r#"{{"em":"{}"}}"#, "a".repeat(64));
    assert!(matches!(
        e.identify_hashed(r#"{"em":"jane@example.com"}"#),
        Err(Error::InvalidArgument(_))
    ));
    e.identify_hashed(&digests).unwrap();
    let forgot = json(&e.forget(T0 + 2.0));
    assert_eq!(get(&forgot, "discarded").as_f64(), Some(1.0));
    assert_eq!(e.identifiers(), "{}");
    assert!(
        e.persisted().is_none(),
        "nothing may be stored after forget"
    );
    let denied = json(&e.consent());
    assert_eq!(
        get(&denied, "analytics").as_bool(),
        Some(false),
        "denied until consent is given again"
    );
    assert_eq!(get(&denied, "source").as_str(), Some("forget"));
}

#[test]
fn restored_cookies_are_kept_and_bad_ones_ignored() {
    let mut first = engine();
    let mut fill = rng();
    first.set_signals(ANALYTICS, T0).unwrap();
    let ids = json(&first.identity(T0, &mut fill).unwrap());
    let visitor = get(&ids, "visitor").as_str().unwrap().to_owned();
    for (given, kept) in [
        (Some(visitor.as_str()), true),
        (Some("not-a-cookie"), false),
        (None, false),
    ] {
        let mut e = engine();
        e.restore_identity(given, None, T0 + 1000.0);
        e.set_signals(ANALYTICS, T0 + 1001.0).unwrap();
        let now = json(&e.identity(T0 + 1002.0, &mut fill).unwrap());
        assert_eq!(
            get(&now, "visitor").as_str() == Some(visitor.as_str()),
            kept,
            "{given:?}"
        );
    }
}

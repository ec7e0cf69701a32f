//! The visitor ID lifecycle and `identify()` through the tracker's state machine: IDs only under
//! analytics, stable until their absolute lifetime, new after forget and after a downgrade;
//! hashed identifiers only under marketing; the erasure request carries what was held.

use tracksafe::consent::Purposes;
use tracksafe::hashing::sha256_hex;
use tracksafe::json::Value;
use tracksafe::tracker::{Tracker, TrackerOptions};
use tracksafe::Result;

mod rng_support;
use rng_support::rng;

const DAY: f64 = 86_400_000.0;

fn tracker(extra: &str) -> Tracker {
    let text = format!("{{\"endpoint\":\"https://c.example/collect\",\"site\":\"t\"{extra}}}");
    Tracker::new(TrackerOptions::parse(&Value::parse(&text).unwrap()).unwrap())
}

const ANALYTICS: Purposes = Purposes {
    analytics: true,
    marketing: false,
    preferences: false,
    sale_of_data: false,
};
const ALL: Purposes = Purposes {
    analytics: true,
    marketing: true,
    preferences: true,
    sale_of_data: true,
};

fn vid(
    t: &mut Tracker,
    now: f64,
    fill: &mut impl FnMut(&mut [u8]) -> Result<()>,
) -> Option<String> {
    t.identity(now, fill).unwrap().map(|(v, _)| v.id)
}

#[test]
fn no_id_before_analytics_then_stable_until_its_absolute_lifetime() {
    let mut fill = rng();
    let mut t = tracker("");
    assert_eq!(vid(&mut t, 0.0, &mut fill), None, "no decision, no ID");
    t.set_consent(Purposes::DENIED, "manual", 0.0);
    assert_eq!(vid(&mut t, 0.0, &mut fill), None);
    t.set_consent(ANALYTICS, "manual", 0.0);
    let (v, s) = t.identity(1_000.0, &mut fill).unwrap().unwrap();
    // Activity (identity() on every send) never extends the visitor's lifetime.
    for day in [1.0, 90.0, 179.0] {
        assert_eq!(
            vid(&mut t, 1_000.0 + day * DAY, &mut fill),
            Some(v.id.clone())
        );
    }
    let renewed = vid(&mut t, 1_000.0 + 180.0 * DAY, &mut fill).unwrap();
    assert_ne!(renewed, v.id);

    // A reload: the cookies are read back and the same IDs continue.
    let mut again = tracker("");
    again.restore_identity(
        Some(&v.to_cookie_value()),
        Some(&s.to_cookie_value()),
        2_000.0,
    );
    again.set_consent(ANALYTICS, "manual", 2_000.0);
    let (v2, s2) = again.identity(2_000.0, &mut fill).unwrap().unwrap();
    assert_eq!(
        (v2.id, v2.at_ms),
        (v.id.clone(), v.at_ms),
        "the creation time is kept"
    );
    assert_eq!(s2.id, s.id);
    // A shorter configured lifetime is honoured on restore; a new session after 30 idle minutes.
    let mut short = tracker(",\"visitorLifetimeDays\":1");
    short.restore_identity(
        Some(&v.to_cookie_value()),
        Some(&s.to_cookie_value()),
        1_000.0 + DAY,
    );
    short.set_consent(ANALYTICS, "manual", 1_000.0 + DAY);
    let (v3, s3) = short.identity(1_000.0 + DAY, &mut fill).unwrap().unwrap();
    assert_ne!(v3.id, v.id);
    assert_ne!(s3.id, s.id);
}

#[test]
fn forget_and_downgrade_give_new_ids_and_forget_denies_until_consent() {
    let mut fill = rng();
    let mut t = tracker("");
    t.set_consent(ALL, "manual", 0.0);
    let first = vid(&mut t, 0.0, &mut fill).unwrap();
    let change = t.set_consent(ANALYTICS, "manual", 1.0);
    assert!(change.identity_cleared);
    let after_downgrade = vid(&mut t, 1.0, &mut fill).unwrap();
    assert_ne!(after_downgrade, first);

    t.track(
        &Value::parse(r#"{"name":"page_viewed"}"#).unwrap(),
        2.0,
        &mut fill,
    )
    .unwrap();
    let erasure = Value::parse(&t.erasure_request(3.0)).unwrap();
    assert_eq!(
        erasure.get("visitorId").and_then(Value::as_str),
        Some(after_downgrade.as_str())
    );
    assert_eq!(t.forget(), 1);
    assert_eq!(
        t.consent().map(|(p, s)| (p, s.to_owned())),
        Some((Purposes::DENIED, "forget".into()))
    );
    assert_eq!(vid(&mut t, 4.0, &mut fill), None);
    let out = t
        .track(
            &Value::parse(r#"{"name":"page_viewed"}"#).unwrap(),
            5.0,
            &mut fill,
        )
        .unwrap();
    assert_eq!((out.status, out.reason), ("dropped", "no_consent"));
    t.set_consent(ANALYTICS, "manual", 6.0);
    let fresh = vid(&mut t, 6.0, &mut fill).unwrap();
    assert!(fresh != first && fresh != after_downgrade);
}

#[test]
fn identifiers_ride_only_under_marketing_and_are_dropped_when_it_goes() {
    let mut fill = rng();
    let mut t = tracker("");
    let ident =
        Value::parse(r#"{"email":"Jane.Doe+shop@Example.com","phone":"+1 (555) 123-4567"}"#)
            .unwrap();
    let out = t.identify(&ident).unwrap();
    assert_eq!((out.status, out.reason), ("queued", "awaiting_consent"));
    let page = Value::parse(r#"{"name":"page_viewed"}"#).unwrap();
    t.track(&page, 1.0, &mut fill).unwrap();
    t.set_consent(ANALYTICS, "manual", 2.0);
    assert!(
        t.identifiers().is_empty(),
        "no marketing: identifiers dropped"
    );
    let (_, body) = t.next_batch(3.0).unwrap();
    assert!(!body.contains("identifiers"));
    assert_eq!(t.identify(&ident).unwrap().reason, "no_consent");

    t.set_consent(ALL, "manual", 4.0);
    assert_eq!(t.identify(&ident).unwrap().reason, "batched");
    t.track(&page, 5.0, &mut fill).unwrap();
    let (_, body) = t.next_batch(6.0).unwrap();
    let batch = Value::parse(&body).unwrap();
    let ids = batch.get("identifiers").unwrap();
    assert_eq!(
        batch.get("hashProfile").and_then(Value::as_str),
        Some("meta")
    );
    assert_eq!(
        ids.get("em").and_then(Value::as_str),
        Some(sha256_hex(b"jane.doe+shop@example.com").as_str())
    );
    assert_eq!(
        ids.get("ph").and_then(Value::as_str),
        Some(sha256_hex(b"15551234567").as_str())
    );
    for raw in ["jane", "Jane", "555", "Example"] {
        assert!(!body.contains(raw), "{raw} in {body}");
    }
    let erasure = t.erasure_request(7.0);
    assert!(erasure.contains(&sha256_hex(b"15551234567")));
    t.forget();
    assert!(t.identifiers().is_empty());

    let mut google = tracker(",\"hashProfile\":\"google\"");
    google.set_consent(ALL, "manual", 0.0);
    google
        .identify(&Value::parse(r#"{"email":"Jane.Doe+shop@gmail.com"}"#).unwrap())
        .unwrap();
    google.track(&page, 1.0, &mut fill).unwrap();
    let (_, body) = google.next_batch(2.0).unwrap();
    assert!(body.contains(&sha256_hex(b"janedoe@gmail.com")) && body.contains("\"google\""));
    let bad = TrackerOptions::parse(
        &Value::parse(r#"{"endpoint":"https://c.example","hashProfile":"tiktok"}"#).unwrap(),
    );
    assert_eq!(bad.unwrap_err().code(), "INVALID_OPTIONS");
}

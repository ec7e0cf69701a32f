//! The edge's identity routes through `edge::handle_with`: re-keyed IDs and identifiers in
//! `/collect`, `POST /forget` forwarded re-keyed with both cookies expired, `GET /id` only with a
//! consent cookie that grants analytics. The pepper never appears in an answer.
#![cfg(feature = "edge")]

use tracksafe::edge::{handle_with, CollectorConfig, EdgeAction, EdgeRequest, EdgeResponse};
use tracksafe::hashing::{hmac_sha256_hex, sha256_hex};
use tracksafe::json::Value;
use tracksafe::Result;

const PEPPER: &str = "native-edge-pepper-7f3a";
const SHOP: &str = "https://shop.example";
const VID: &str = "07070707-0707-4707-8707-070707070707";
const SID: &str = "08080808-0808-4808-8808-080808080808";

fn config() -> CollectorConfig {
    let text = format!(
        r#"{{"upstreamUrl":"https://u.example/ingest","allowedOrigins":["{SHOP}"],"pepper":"{PEPPER}"}}"#
    );
    CollectorConfig::parse(&Value::parse(&text).unwrap()).unwrap()
}

fn req<'a>(
    method: &'a str,
    path: &'a str,
    cookie: Option<&'a str>,
    body: &'a [u8],
) -> EdgeRequest<'a> {
    EdgeRequest {
        method,
        path,
        origin: Some(SHOP),
        content_type: Some("application/json"),
        sec_gpc: false,
        cookie,
        user_agent: None,
        country: None,
        region: None,
        body,
        now_ms: 1_000_000.0,
    }
}

fn sevens(b: &mut [u8]) -> Result<()> {
    b.fill(7);
    Ok(())
}

fn run(r: &EdgeRequest) -> EdgeAction {
    let action = handle_with(&config(), r, true, &mut sevens);
    let text = format!("{action:?}");
    assert!(!text.contains(PEPPER), "the pepper leaked: {text}");
    action
}

fn key(v: &str) -> String {
    hmac_sha256_hex(PEPPER.as_bytes(), v.as_bytes())
}

fn cookies(r: &EdgeResponse) -> Vec<&str> {
    r.headers
        .iter()
        .filter(|(k, _)| *k == "set-cookie")
        .map(|(_, v)| v.as_str())
        .collect()
}

#[test]
fn collect_rekeys_every_identifier_and_sends_hashes_only_under_marketing() {
    let em = sha256_hex(b"jane@example.com");
    let body = |marketing: bool| {
        format!(
            r#"{{"v":1,"site":"s","consent":{{"analytics":true,"marketing":{marketing},"preferences":false,"saleOfData":false,"source":"manual"}},
            "visitorId":"{VID}","sessionId":"{SID}","hashProfile":"meta","identifiers":{{"em":"{em}","ph":"+15551234567"}},
            "events":[{{"eventId":"0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a","timestamp":1,"name":"page_viewed"}}]}}"#
        )
    };
    let with = body(true);
    let EdgeAction::Forward { body: up, .. } = run(&req("POST", "/collect", None, with.as_bytes()))
    else {
        panic!("expected a forward");
    };
    let up = Value::parse(&up).unwrap();
    let s = |k: &str| up.get(k).and_then(Value::as_str).map(str::to_owned);
    assert_eq!(s("visitorId"), Some(key(VID)));
    assert_eq!(s("sessionId"), Some(key(SID)));
    let ids = up.get("identifiers").unwrap();
    assert_eq!(
        ids.get("em").and_then(Value::as_str),
        Some(key(&em).as_str())
    );
    assert!(ids.get("ph").is_none(), "a non-digest is never forwarded");
    let text = up.to_json();
    assert!(!text.contains(&em) && !text.contains(VID) && !text.contains("5551234567"));

    let without = body(false);
    let EdgeAction::Forward { body: up, .. } =
        run(&req("POST", "/collect", None, without.as_bytes()))
    else {
        panic!("expected a forward");
    };
    assert!(!up.contains("identifiers") && !up.contains(&em));
}

#[test]
fn forget_forwards_rekeyed_ids_and_expires_both_cookies() {
    let em = sha256_hex(b"jane@example.com");
    let body = format!(r#"{{"v":1,"site":"s","sessionId":"{SID}","identifiers":{{"em":"{em}"}}}}"#);
    // The visitor ID comes from the (HttpOnly) cookie when the body has none.
    let cookie = format!("_ts_vid={VID}.5");
    let EdgeAction::Erase {
        body: up,
        on_success,
        on_failure,
    } = run(&req("POST", "/forget", Some(&cookie), body.as_bytes()))
    else {
        panic!("expected an erasure");
    };
    let up = Value::parse(&up).unwrap();
    assert_eq!(up.get("type").and_then(Value::as_str), Some("erasure"));
    assert_eq!(
        up.get("visitorId").and_then(Value::as_str),
        Some(key(VID).as_str())
    );
    assert_eq!(
        up.get("sessionId").and_then(Value::as_str),
        Some(key(SID).as_str())
    );
    let ids = up.get("identifiers").unwrap();
    assert_eq!(
        ids.get("em").and_then(Value::as_str),
        Some(key(&em).as_str())
    );
    for r in [&on_success, &on_failure] {
        let c = cookies(r);
        assert_eq!(c.len(), 2);
        assert!(c
            .iter()
            .all(|c| c.contains("Max-Age=0") && c.contains("Path=/")));
    }
    assert_eq!(on_success.status, 202);
    assert_eq!(on_failure.status, 503);

    let EdgeAction::Respond(r) = run(&req("POST", "/forget", None, b"{}")) else {
        panic!("nothing to erase is answered at once");
    };
    assert_eq!((r.status, cookies(&r).len()), (202, 2));
    let mut foreign = req("POST", "/forget", None, b"{}");
    foreign.origin = Some("https://evil.example");
    let EdgeAction::Respond(r) = run(&foreign) else {
        panic!()
    };
    assert_eq!(r.status, 403);
    let EdgeAction::Respond(r) = run(&req("POST", "/forget", None, b"{\"v\":")) else {
        panic!()
    };
    assert_eq!(r.status, 400);
}

#[test]
fn id_is_minted_httponly_only_when_a_consent_cookie_grants_analytics() {
    let none = run(&req("GET", "/id", Some("demo_consent=analytics"), b""));
    let EdgeAction::Respond(r) = none else {
        panic!()
    };
    assert_eq!((r.status, cookies(&r).len()), (204, 0));
    let mut gpc = req("GET", "/id", None, b"");
    gpc.sec_gpc = true;
    let EdgeAction::Respond(r) = run(&gpc) else {
        panic!()
    };
    assert_eq!((r.status, cookies(&r).len()), (204, 0));

    let granted = "OptanonConsent=isGpcEnabled=0&groups=C0001%3A1%2CC0002%3A1";
    let EdgeAction::Respond(r) = run(&req("GET", "/id", Some(granted), b"")) else {
        panic!()
    };
    assert_eq!(r.status, 200);
    let c = cookies(&r);
    assert_eq!(c.len(), 1);
    assert!(
        c[0].starts_with(&format!("_ts_vid={VID}.1000000; Max-Age=15552000;")),
        "{}",
        c[0]
    );
    assert!(c[0].contains("HttpOnly") && c[0].contains("SameSite=Lax") && c[0].contains("Secure"));

    let existing = format!("{granted}; _ts_vid=09090909-0909-4909-8909-090909090909.400000");
    let EdgeAction::Respond(r) = run(&req("GET", "/id", Some(&existing), b"")) else {
        panic!()
    };
    assert!(cookies(&r)[0].starts_with("_ts_vid=09090909-0909-4909-8909-090909090909.400000;"));
    assert!(r.body.contains("kept"));
    let denied = "OptanonConsent=groups=C0001%3A1%2CC0002%3A0";
    let EdgeAction::Respond(r) = run(&req("GET", "/id", Some(denied), b"")) else {
        panic!()
    };
    assert_eq!(r.status, 204);
}

//! Event-level behaviour of the minimizer: reasons, allowlists, caps, context and custom schemas.

use tracksafe::consent::Purposes;
use tracksafe::event::Schemas;
use tracksafe::json::Value;
use tracksafe::minimize::{minimize_event, MinimizeOptions, Minimized, UrlOptions};

const ANALYTICS: Purposes = Purposes {
    analytics: true,
    ..Purposes::DENIED
};

fn run_with(schemas: &Schemas, consent: Purposes, json: &str) -> Minimized {
    let url = UrlOptions::default();
    let opts = MinimizeOptions {
        consent,
        schemas,
        url: &url,
    };
    minimize_event(&Value::parse(json).expect("test JSON"), &opts)
}

fn run(json: &str) -> Minimized {
    run_with(&Schemas::standard(), ANALYTICS, json)
}

fn out(m: &Minimized) -> String {
    m.event.as_ref().expect("event kept").to_json()
}

#[test]
fn reasons() {
    assert_eq!(run(r#"{"name":"nope"}"#).reason, Some("unknown_event"));
    assert_eq!(run(r#"{"name":42}"#).reason, Some("invalid_event"));
    assert_eq!(
        run(r#"{"name":"page_viewed","properties":[]}"#).reason,
        Some("invalid_event")
    );
    assert_eq!(run(r#"[1]"#).reason, Some("invalid_event"));
    let m = run_with(
        &Schemas::standard(),
        Purposes::DENIED,
        r#"{"name":"page_viewed"}"#,
    );
    assert_eq!((m.event, m.reason), (None, Some("no_consent")));
    let m = run(r#"{"name":"page_viewed"}"#);
    assert_eq!(
        (out(&m), m.reason),
        (r#"{"name":"page_viewed","properties":{}}"#.to_owned(), None)
    );
}

#[test]
fn properties_are_allowlisted_and_never_coerced() {
    let m = run(
        r#"{"name":"product_viewed","properties":{"product_id":"p1","price":"12.5","quantity":2,"currency":"eur","email":"jane@example.com","name":"Tee"}}"#,
    );
    assert_eq!(
        out(&m),
        r#"{"name":"product_viewed","properties":{"product_id":"p1","quantity":2,"name":"Tee"}}"#
    );
    assert_eq!(
        m.dropped,
        [
            "properties.price",
            "properties.currency",
            "properties.email"
        ]
    );
}

#[test]
fn lines_are_checked_one_by_one() {
    let m = run(
        r##"{"name":"checkout_completed","properties":{"order_id":"#1001","value":59.5,"currency":"USD","shipping_country":"US","shipping_province":"CA","lines":[{"sku":"A-1","quantity":1},{"sku":"call 555-123-4567","quantity":0},7,{"sku":"x","phone":"1"}]}}"##,
    );
    assert_eq!(
        out(&m),
        r##"{"name":"checkout_completed","properties":{"order_id":"#1001","value":59.5,"currency":"USD","shipping_country":"US","shipping_province":"CA","lines":[{"sku":"A-1","quantity":1},{"sku":"call [phone]"},{"sku":"x"}]}}"##
    );
    assert_eq!(
        m.dropped,
        [
            "properties.lines[1].quantity",
            "properties.lines[2]",
            "properties.lines[3].phone"
        ]
    );
    assert_eq!(m.redacted, ["properties.lines[1].sku"]);
}

#[test]
fn lines_are_capped() {
    let lines: Vec<String> = (0..105).map(|i| format!(r#"{{"sku":"S{i}"}}"#)).collect();
    let m = run(&format!(
        r#"{{"name":"cart_viewed","properties":{{"lines":[{}]}}}}"#,
        lines.join(",")
    ));
    let kept = m
        .event
        .as_ref()
        .and_then(|e| e.get("properties"))
        .and_then(|p| p.get("lines"))
        .and_then(Value::as_array)
        .map(<[Value]>::len);
    assert_eq!(kept, Some(100));
    assert_eq!(m.dropped.len(), 5);
    assert_eq!(m.dropped[0], "properties.lines[100]");
}

#[test]
fn context_is_scrubbed() {
    let m = run(
        r#"{"name":"page_viewed","ip":"203.0.113.9","context":{"url":"https://shop.example/account/jane%40example.com?utm_source=mail&token=abc#frag","referrer":"https://www.google.com/search?q=jane+doe","title":"Order for jane@example.com","userAgent":"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1","ip":"203.0.113.9","geo":{"country":"DE","region":"BE","city":"Berlin","ip":"203.0.113.9"}}}"#,
    );
    assert_eq!(
        out(&m),
        r#"{"name":"page_viewed","properties":{},"context":{"url":"https://shop.example/account/[email]?utm_source=mail","referrer":"https://www.google.com","title":"Order for [email]","device":{"class":"mobile","browser":"safari","major":17},"geo":{"country":"DE","region":"BE"}}}"#
    );
    assert_eq!(
        m.dropped,
        ["ip", "context.ip", "context.geo.city", "context.geo.ip"]
    );
    assert!(!out(&m).contains("203.0.113"));
}

#[test]
fn output_is_a_fixed_point() {
    let m = run(
        r#"{"name":"item_clicked","properties":{"product_id":123,"position":3,"source":"search","list_id":"l-1"},"context":{"url":"http://Shop.example:80/p?utm_term=a+b","referrer":"https://x.example:8443/y","userAgent":"curl/8.0"}}"#,
    );
    let once = m.event.unwrap();
    let again = run(&once.to_json());
    assert_eq!(again.event.as_ref(), Some(&once));
    assert!(
        again.dropped.is_empty() && again.redacted.is_empty(),
        "{again:?}"
    );
}

// Custom declarations are read by builds with `extended` (the default).
#[cfg(feature = "extended")]
#[test]
fn custom_schemas() {
    let custom = Value::parse(r#"{"wishlist_added":{"purposes":["analytics","marketing"],"properties":{"product_id":{"type":"string","maxLength":64},"count":{"type":"integer","min":0,"max":100}}}}"#).unwrap();
    let schemas = Schemas::with_custom(&custom).unwrap();
    let both = Purposes {
        marketing: true,
        ..ANALYTICS
    };
    let json =
        r#"{"name":"wishlist_added","properties":{"product_id":"p-9","count":101,"note":"x"}}"#;
    assert_eq!(
        run_with(&schemas, ANALYTICS, json).reason,
        Some("no_consent")
    );
    let m = run_with(&schemas, both, json);
    assert_eq!(
        out(&m),
        r#"{"name":"wishlist_added","properties":{"product_id":"p-9"}}"#
    );
    assert_eq!(m.dropped, ["properties.count", "properties.note"]);
    assert_eq!(schemas.purposes_for("wishlist_added"), Some(both));
    assert_eq!(schemas.purposes_for("page_viewed"), Some(ANALYTICS));
    assert_eq!(Schemas::standard().purposes_for("wishlist_added"), None);
}

// Custom declarations are read by builds with `extended` (the default).
#[cfg(feature = "extended")]
#[test]
fn bad_custom_schemas_are_refused() {
    for bad in [
        r#"{"w":{"properties":{"a":{"type":"date"}}}}"#,
        r#"{"w":{"properties":{"a":{"type":"string","max":3}}}}"#,
        r#"{"w":{"purposes":[]}}"#,
        r#"{"w":{"purposes":["ads"]}}"#,
        r#"{"page_viewed":{}}"#,
        r#"{"Bad-Name":{}}"#,
        r#"{"w":{"properties":{"a":{"type":"integer","min":5,"max":1}}}}"#,
        r#"{"w":{"extra":1}}"#,
        r#"[]"#,
    ] {
        let err = Schemas::with_custom(&Value::parse(bad).unwrap()).unwrap_err();
        assert_eq!(err.code(), "INVALID_OPTIONS", "{bad}");
    }
    assert!(Schemas::with_custom(&Value::Null).is_ok());
}

#[test]
fn docs_list_every_standard_event_and_property() {
    let docs = include_str!("../docs/events.md");
    for schema in Schemas::standard().iter() {
        assert!(
            docs.contains(&format!("| `{}` |", schema.name)),
            "{} missing from docs/events.md",
            schema.name
        );
        for f in schema.fields.iter() {
            assert!(
                docs.contains(&format!("`{}`", f.name)),
                "{}.{} missing from docs/events.md",
                schema.name,
                f.name
            );
        }
    }
}

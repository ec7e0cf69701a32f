//! The edge collector's pure part on arbitrary bodies: never panics, refusals are JSON errors,
//! and whatever it forwards is a batch whose strings are free of PII.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tracksafe::edge::{handle, CollectorConfig, EdgeAction, EdgeRequest};
use tracksafe::json::Value;
use tracksafe::minimize::is_clean;

fuzz_target!(|data: &[u8]| {
    let options = r#"{"upstreamUrl":"https://up.example/ingest","allowedOrigins":["https://shop.example"],"pepper":"fuzz-pepper-0123456789abcdef"}"#;
    let config = CollectorConfig::parse(&Value::parse(options).expect("static JSON")).expect("valid options");
    let req = EdgeRequest {
        method: "POST",
        path: "/collect",
        origin: Some("https://shop.example"),
        content_type: Some("application/json"),
        sec_gpc: data.first().is_some_and(|b| b & 1 == 1),
        cookie: None,
        user_agent: None,
        country: Some("DE"),
        region: None,
        body: data,
        now_ms: 1.7e12,
    };
    match handle(&config, &req) {
        EdgeAction::Respond(r) => {
            let body = Value::parse(&r.body).expect("responses are JSON");
            if r.status >= 400 {
                assert!(body.get("error").and_then(|e| e.get("code")).is_some(), "error without a code");
            }
        }
        EdgeAction::Forward { body, .. } | EdgeAction::Erase { body, .. } => {
            let v = Value::parse(&body).expect("forwarded body is JSON");
            assert!(is_clean(&body) || v.get("events").is_some(), "forwarded batch");
        }
    }
});

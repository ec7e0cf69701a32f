//! Destination config: strict camelCase parsing, secrets from the environment by name, kind
//! defaults, and start-up errors (unknown kind, missing credential) with the INVALID_OPTIONS code.
#![cfg(feature = "edge")]

use tracksafe::consent::Purposes;
use tracksafe::destinations::{parse_destinations, Account, Kind};
use tracksafe::json::Value;

fn env(name: &str) -> Option<String> {
    match name {
        "SEGMENT_WRITE_KEY" => Some("wk_123".into()),
        "GA4_API_SECRET" => Some("sec-ret_1".into()),
        "META_ACCESS_TOKEN" => Some("EAAB token".replace(' ', "")),
        "UPSTREAM_TOKEN" => Some("tok".into()),
        "BLANK" => Some("   ".into()),
        "SPACED" => Some("a b".into()),
        _ => None,
    }
}

fn parse(text: &str) -> tracksafe::Result<Vec<tracksafe::destinations::Destination>> {
    parse_destinations(&Value::parse(text).unwrap(), &env)
}

fn err(text: &str) -> String {
    let e = parse(text).expect_err(text);
    assert_eq!(e.code(), "INVALID_OPTIONS", "{text}: {e}");
    e.to_string()
}

#[test]
fn parses_every_kind_with_defaults() {
    let d = parse(
        r#"[
          {"kind":"tracksafe","endpoint":"https://in.shop.example/batch","tokenEnv":"UPSTREAM_TOKEN"},
          {"kind":"segment","writeKeyEnv":"SEGMENT_WRITE_KEY"},
          {"kind":"ga4","measurementId":"G-ABC123","apiSecretEnv":"GA4_API_SECRET"},
          {"kind":"meta_capi","pixelId":"1234567890","accessTokenEnv":"META_ACCESS_TOKEN"},
          {"kind":"snowplow","endpoint":"https://sp.shop.example/","appId":"shop"}
        ]"#,
    )
    .unwrap();
    let kinds: Vec<Kind> = d.iter().map(|d| d.kind).collect();
    assert_eq!(kinds, Kind::ALL.to_vec());
    assert_eq!(d[1].endpoint, "https://api.segment.io");
    assert_eq!(d[2].endpoint, "https://www.google-analytics.com");
    assert_eq!(d[3].endpoint, "https://graph.facebook.com");
    assert_eq!(
        d[4].endpoint, "https://sp.shop.example",
        "trailing slash trimmed"
    );
    assert_eq!(d[1].name, "segment");
    let analytics = Purposes {
        analytics: true,
        ..Purposes::DENIED
    };
    let ads = Purposes {
        marketing: true,
        sale_of_data: true,
        ..Purposes::DENIED
    };
    assert_eq!(d[0].purposes, analytics);
    assert_eq!(d[2].purposes, analytics);
    assert_eq!(d[3].purposes, ads);
    assert_eq!(
        d[0].account,
        Account::Tracksafe {
            token: Some("tok".into())
        }
    );
    assert_eq!(
        d[3].account,
        Account::MetaCapi {
            pixel_id: "1234567890".into(),
            access_token: "EAABtoken".into(),
            api_version: "v24.0".into(),
            test_event_code: None,
        }
    );
    assert_eq!(
        d[4].account,
        Account::Snowplow {
            app_id: "shop".into(),
            namespace: "tracksafe".into(),
            schema_vendor: "dev.tracksafe".into(),
        }
    );
}

#[test]
fn unknown_kind_and_missing_credentials_fail_at_start_up() {
    assert!(err(r#"[{"kind":"mixpanel"}]"#).contains("unknown destination.kind \"mixpanel\""));
    assert!(err(r#"[{"writeKeyEnv":"X"}]"#).contains("kind is required"));
    assert!(err(r#"[{"kind":"segment"}]"#).contains("writeKeyEnv is required"));
    assert!(err(r#"[{"kind":"segment","writeKeyEnv":"NOPE"}]"#).contains("no usable NOPE"));
    assert!(err(r#"[{"kind":"segment","writeKeyEnv":"BLANK"}]"#).contains("no usable BLANK"));
    assert!(err(r#"[{"kind":"segment","writeKeyEnv":"SPACED"}]"#).contains("no usable"));
    assert!(err(r#"[{"kind":"ga4","apiSecretEnv":"GA4_API_SECRET"}]"#)
        .contains("measurementId is required"));
    assert!(
        err(r#"[{"kind":"ga4","measurementId":"UA-1","apiSecretEnv":"GA4_API_SECRET"}]"#)
            .contains("G-")
    );
    assert!(err(r#"[{"kind":"meta_capi","pixelId":"12"}]"#).contains("accessTokenEnv is required"));
    assert!(
        err(r#"[{"kind":"meta_capi","pixelId":"abc","accessTokenEnv":"META_ACCESS_TOKEN"}]"#)
            .contains("pixelId")
    );
    assert!(err(
        r#"[{"kind":"meta_capi","pixelId":"1","accessTokenEnv":"META_ACCESS_TOKEN","apiVersion":"24"}]"#
    )
    .contains("apiVersion"));
    assert!(err(r#"[{"kind":"snowplow"}]"#).contains("endpoint is required"));
    assert!(err(r#"[{"kind":"tracksafe"}]"#).contains("endpoint is required"));
}

#[test]
fn refuses_unknown_keys_including_other_kinds_credentials() {
    // A typo must fail, not silently send without the key.
    assert!(
        err(r#"[{"kind":"segment","writekeyEnv":"SEGMENT_WRITE_KEY"}]"#)
            .contains("destination.writekeyEnv")
    );
    // A raw secret in the config is refused: only environment names are read.
    assert!(err(r#"[{"kind":"segment","writeKey":"wk_123"}]"#).contains("destination.writeKey"));
    assert!(
        err(r#"[{"kind":"segment","writeKeyEnv":"SEGMENT_WRITE_KEY","pixelId":"1"}]"#)
            .contains("destination.pixelId")
    );
    assert!(err(r#"{"kind":"segment"}"#).contains("must be an array"));
}

#[test]
fn purposes_are_configurable_but_ad_platforms_keep_their_floor() {
    let d = parse(
        r#"[{"kind":"segment","writeKeyEnv":"SEGMENT_WRITE_KEY","purposes":["analytics","marketing"]}]"#,
    )
    .unwrap();
    assert!(d[0].purposes.analytics && d[0].purposes.marketing && !d[0].purposes.sale_of_data);
    let d = parse(
        r#"[{"kind":"meta_capi","pixelId":"1","accessTokenEnv":"META_ACCESS_TOKEN","purposes":["marketing","saleOfData","analytics"]}]"#,
    )
    .unwrap();
    assert!(d[0].purposes.analytics);
    assert!(err(
        r#"[{"kind":"meta_capi","pixelId":"1","accessTokenEnv":"META_ACCESS_TOKEN","purposes":["marketing"]}]"#
    )
    .contains("always needs marketing and saleOfData"));
    assert!(
        err(r#"[{"kind":"segment","writeKeyEnv":"SEGMENT_WRITE_KEY","purposes":[]}]"#)
            .contains("may not be empty")
    );
    assert!(
        err(r#"[{"kind":"segment","writeKeyEnv":"SEGMENT_WRITE_KEY","purposes":["ads"]}]"#)
            .contains("unknown purpose \"ads\"")
    );
}

#[test]
fn endpoints_names_and_counts_are_checked() {
    let e = parse(r#"[{"kind":"snowplow","endpoint":"http://sp.shop.example"}]"#).unwrap_err();
    assert_eq!(e.code(), "INSECURE_ENDPOINT");
    assert!(parse(r#"[{"kind":"snowplow","endpoint":"http://127.0.0.1:24001"}]"#).is_ok());
    assert!(err(
        r#"[{"kind":"snowplow","endpoint":"https://a.example"},{"kind":"snowplow","endpoint":"https://b.example"}]"#
    )
    .contains("distinct name"));
    assert!(parse(
        r#"[{"kind":"snowplow","endpoint":"https://a.example"},{"kind":"snowplow","name":"b","endpoint":"https://b.example"}]"#
    )
    .is_ok());
    let many = format!(
        "[{}]",
        (0..17)
            .map(|i| format!(
                r#"{{"kind":"snowplow","name":"s{i}","endpoint":"https://a.example"}}"#
            ))
            .collect::<Vec<_>>()
            .join(",")
    );
    assert!(err(&many).contains("at most 16"));
}

#[test]
fn debug_output_never_shows_a_secret() {
    let d = parse(
        r#"[{"kind":"segment","writeKeyEnv":"SEGMENT_WRITE_KEY"},
            {"kind":"ga4","measurementId":"G-ABC123","apiSecretEnv":"GA4_API_SECRET"},
            {"kind":"meta_capi","pixelId":"1","accessTokenEnv":"META_ACCESS_TOKEN"},
            {"kind":"tracksafe","endpoint":"https://x.example","tokenEnv":"UPSTREAM_TOKEN"}]"#,
    )
    .unwrap();
    let text = format!("{d:?}");
    for secret in ["wk_123", "sec-ret_1", "EAABtoken", "\"tok\""] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    assert!(text.contains("G-ABC123"));
}

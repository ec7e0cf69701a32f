//! Oracle test: the destination formats against what each vendor's own library makes of the same
//! events (tests/oracles/destinations/generate.mjs: @segment/analytics-node 3.1.0,
//! @snowplow/node-tracker 4.8.0, facebook-nodejs-business-sdk 24.0.1), and GA4 requests against
//! the documented Measurement Protocol rules (checked here, independently of the core's own check).
//!
//! Run: `node tests/oracles/destinations/generate.mjs .oracles/destinations.ndjson &&
//! TRACKSAFE_DESTINATIONS_ORACLE=.oracles/destinations.ndjson cargo test --test destinations_oracle`.
#![cfg(feature = "edge")]

use tracksafe::batch::read_consent;
use tracksafe::destinations::{parse_destinations, route, Destination, Request};
use tracksafe::json::Value;

const PORT: u16 = 24731;

fn destinations() -> Vec<Destination> {
    let env = |n: &str| match n {
        "SEGMENT_WRITE_KEY" => Some("wk_oracle".to_owned()),
        "GA4_API_SECRET" => Some("ga4secret".to_owned()),
        "META_ACCESS_TOKEN" => Some("metatoken".to_owned()),
        _ => None,
    };
    let config = format!(
        r#"[
          {{"kind":"segment","writeKeyEnv":"SEGMENT_WRITE_KEY","endpoint":"http://127.0.0.1:{PORT}"}},
          {{"kind":"snowplow","endpoint":"http://127.0.0.1:{PORT}","appId":"shop","namespace":"tracksafe"}},
          {{"kind":"meta_capi","pixelId":"1","accessTokenEnv":"META_ACCESS_TOKEN"}},
          {{"kind":"ga4","measurementId":"G-ORACLE1","apiSecretEnv":"GA4_API_SECRET"}}
        ]"#
    );
    parse_destinations(&Value::parse(&config).unwrap(), &env).unwrap()
}

/// The value with every object's keys sorted, so key order never matters.
fn canon(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut m: Vec<(String, Value)> =
                m.iter().map(|(k, v)| (k.clone(), canon(v))).collect();
            m.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(m)
        }
        Value::Array(a) => Value::Array(a.iter().map(canon).collect()),
        other => other.clone(),
    }
}

fn same(ours: Option<&Value>, theirs: Option<&Value>, what: &str) {
    assert_eq!(
        ours.map(canon),
        theirs.map(canon),
        "{what}\n ours:   {}\n theirs: {}",
        ours.map_or("-".into(), Value::to_json),
        theirs.map_or("-".into(), Value::to_json)
    );
}

fn bodies(requests: &[(usize, Request)], dest: usize) -> Vec<(&Request, Value)> {
    requests
        .iter()
        .filter(|(i, _)| *i == dest)
        .map(|(_, r)| (r, Value::parse(&r.body).expect("our body is JSON")))
        .collect()
}

fn array<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).unwrap_or(&[])
}

fn check_segment(case: &str, ours: &[(&Request, Value)], theirs: &Value) {
    let lib_requests = theirs.as_array().unwrap();
    let lib_calls: Vec<&Value> = lib_requests
        .iter()
        .flat_map(|r| array(r.get("body").unwrap(), "batch"))
        .collect();
    let our_calls: Vec<&Value> = ours.iter().flat_map(|(_, b)| array(b, "batch")).collect();
    assert_eq!(
        our_calls.len(),
        lib_calls.len(),
        "{case}: segment call count"
    );
    for (r, _) in ours {
        let auth = r
            .headers
            .iter()
            .find(|(k, _)| *k == "authorization")
            .map(|(_, v)| v.as_str());
        let lib_auth = lib_requests[0].get("authorization").and_then(Value::as_str);
        assert_eq!(auth, lib_auth, "{case}: segment Authorization");
        assert!(r.url.ends_with("/v1/batch"), "{case}: {}", r.url);
    }
    for (n, (o, t)) in our_calls.iter().zip(&lib_calls).enumerate() {
        let what = format!("{case}: segment call {n}");
        for key in [
            "type",
            "event",
            "messageId",
            "anonymousId",
            "timestamp",
            "properties",
        ] {
            same(o.get(key), t.get(key), &format!("{what} {key}"));
        }
        let ctx = |v: &Value, k: &str| v.get("context").and_then(|c| c.get(k)).cloned();
        for key in ["page", "location"] {
            same(
                ctx(o, key).as_ref(),
                ctx(t, key).as_ref(),
                &format!("{what} context.{key}"),
            );
        }
    }
}

fn check_snowplow(case: &str, ours: &[(&Request, Value)], theirs: &Value) {
    let lib = array(theirs, "data");
    let our: Vec<&Value> = ours.iter().flat_map(|(_, b)| array(b, "data")).collect();
    assert_eq!(our.len(), lib.len(), "{case}: snowplow event count");
    for (_, b) in ours {
        same(
            b.get("schema"),
            theirs.get("schema"),
            &format!("{case}: payload_data schema"),
        );
    }
    for (n, (o, t)) in our.iter().zip(lib).enumerate() {
        let what = format!("{case}: snowplow event {n}");
        // tv names the tracker and stm is the send time: each tracker sets its own.
        for key in [
            "e", "eid", "dtm", "p", "aid", "tna", "duid", "sid", "url", "page", "refr",
        ] {
            same(o.get(key), t.get(key), &format!("{what} {key}"));
        }
        let ue = |v: &Value| {
            v.get("ue_pr")
                .map(|s| Value::parse(s.as_str().expect("ue_pr is a string")).unwrap())
        };
        same(ue(o).as_ref(), ue(t).as_ref(), &format!("{what} ue_pr"));
        assert!(
            o.as_object()
                .unwrap()
                .iter()
                .all(|(_, v)| v.as_str().is_some()),
            "{what}: all strings"
        );
    }
}

fn check_meta(case: &str, ours: &[(&Request, Value)], theirs: &Value) {
    let lib = array(theirs, "data");
    let our: Vec<&Value> = ours.iter().flat_map(|(_, b)| array(b, "data")).collect();
    assert_eq!(our.len(), lib.len(), "{case}: meta event count");
    for (r, _) in ours {
        assert_eq!(
            r.url,
            "https://graph.facebook.com/v24.0/1/events?access_token=metatoken"
        );
    }
    for (n, (o, t)) in our.iter().zip(lib).enumerate() {
        same(Some(o), Some(t), &format!("{case}: meta event {n}"));
    }
}

// ---- GA4: the documented Measurement Protocol rules ------------------------------------------

/// Google's recommended events tracksafe maps to, with their documented parameters and the
/// ones required.
const GA4_EVENTS: &[(&str, &str, &[&str], &[&str])] = &[
    (
        "page_viewed",
        "page_view",
        &["page_location", "page_referrer", "page_title"],
        &[],
    ),
    (
        "product_viewed",
        "view_item",
        &["currency", "value", "items"],
        &["items"],
    ),
    (
        "product_added_to_cart",
        "add_to_cart",
        &["currency", "value", "items"],
        &["items"],
    ),
    (
        "product_removed_from_cart",
        "remove_from_cart",
        &["currency", "value", "items"],
        &["items"],
    ),
    (
        "item_clicked",
        "select_item",
        &["item_list_id", "item_list_name", "items"],
        &["items"],
    ),
    (
        "collection_viewed",
        "view_item_list",
        &["item_list_id", "item_list_name", "items"],
        &[],
    ),
    (
        "search_submitted",
        "search",
        &["search_term"],
        &["search_term"],
    ),
    (
        "cart_viewed",
        "view_cart",
        &["currency", "value", "items"],
        &["items"],
    ),
    (
        "checkout_started",
        "begin_checkout",
        &["currency", "value", "coupon", "items"],
        &["items"],
    ),
    (
        "checkout_completed",
        "purchase",
        &[
            "currency",
            "value",
            "transaction_id",
            "coupon",
            "shipping",
            "tax",
            "items",
        ],
        &["transaction_id", "items"],
    ),
];
const ITEM_PARAMS: &[&str] = &[
    "item_id",
    "item_name",
    "affiliation",
    "coupon",
    "discount",
    "index",
    "item_brand",
    "item_category",
    "item_category2",
    "item_category3",
    "item_category4",
    "item_category5",
    "item_list_id",
    "item_list_name",
    "item_variant",
    "location_id",
    "price",
    "quantity",
];
const RESERVED: &[&str] = &[
    "ad_activeview",
    "ad_click",
    "ad_exposure",
    "ad_query",
    "ad_reward",
    "adunit_exposure",
    "app_background",
    "app_clear_data",
    "app_exception",
    "app_remove",
    "app_store_refund",
    "app_store_subscription_cancel",
    "app_store_subscription_convert",
    "app_store_subscription_renew",
    "app_update",
    "app_upgrade",
    "dynamic_link_app_open",
    "dynamic_link_app_update",
    "dynamic_link_first_open",
    "error",
    "firebase_campaign",
    "firebase_in_app_message_action",
    "firebase_in_app_message_dismiss",
    "firebase_in_app_message_impression",
    "first_open",
    "first_visit",
    "in_app_purchase",
    "notification_dismiss",
    "notification_foreground",
    "notification_open",
    "notification_receive",
    "os_update",
    "session_start",
    "session_start_with_rollout",
    "user_engagement",
];

fn ga4_name_ok(n: &str) -> bool {
    let mut chars = n.chars();
    n.chars().count() <= 40
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !["google_", "ga_", "firebase_"]
            .iter()
            .any(|p| n.starts_with(p))
}

fn ga4_value_ok(v: &Value) -> bool {
    match v {
        Value::String(s) => s.chars().count() <= 100,
        Value::Number(n) => n.is_finite(),
        _ => false,
    }
}

fn check_ga4(case: &str, ours: &[(&Request, Value)], batch: &Value) {
    let mut seen = Vec::new();
    for (r, body) in ours {
        assert!(
            r.url.starts_with("https://www.google-analytics.com/mp/collect?measurement_id=G-ORACLE1&api_secret=ga4secret"),
            "{case}: {}",
            r.url
        );
        assert!(
            r.body.len() < 130_000,
            "{case}: post body must be under 130kB"
        );
        let client = body.get("client_id").and_then(Value::as_str).unwrap_or("");
        assert!(!client.is_empty(), "{case}: client_id is required");
        let events = array(body, "events");
        assert!(
            (1..=25).contains(&events.len()),
            "{case}: 1 to 25 events per request"
        );
        for e in events {
            let name = e.get("name").and_then(Value::as_str).unwrap();
            let what = format!("{case}: ga4 {name}");
            assert!(
                ga4_name_ok(name) && !RESERVED.contains(&name),
                "{what}: event name"
            );
            let micros = e.get("timestamp_micros").and_then(Value::as_f64).unwrap();
            assert_eq!(
                micros.to_string().len(),
                16,
                "{what}: timestamp_micros has 16 digits"
            );
            let params = e.get("params").and_then(Value::as_object).unwrap();
            assert!(params.len() <= 25, "{what}: at most 25 params");
            let documented = GA4_EVENTS.iter().find(|t| t.1 == name);
            for (k, v) in params {
                assert!(
                    ga4_name_ok(k) && k != "firebase_conversion",
                    "{what}: param name {k}"
                );
                if let Some((_, _, allowed, _)) = documented {
                    assert!(
                        allowed.contains(&k.as_str()),
                        "{what}: undocumented param {k}"
                    );
                }
                if k == "items" {
                    for item in v.as_array().unwrap() {
                        let fields = item.as_object().unwrap();
                        assert!(
                            item.get("item_id").is_some() || item.get("item_name").is_some(),
                            "{what}: item id or name"
                        );
                        for (ik, iv) in fields {
                            assert!(
                                ITEM_PARAMS.contains(&ik.as_str()),
                                "{what}: item param {ik}"
                            );
                            assert!(ga4_value_ok(iv), "{what}: item value {ik}");
                        }
                    }
                } else {
                    assert!(ga4_value_ok(v), "{what}: param {k} value");
                }
            }
            if let Some((_, _, _, required)) = documented {
                for k in *required {
                    assert!(
                        e.get("params").unwrap().get(k).is_some(),
                        "{what}: required {k}"
                    );
                }
            }
            if e.get("params").unwrap().get("value").is_some() {
                assert!(
                    e.get("params").unwrap().get("currency").is_some(),
                    "{what}: value needs currency"
                );
            }
            seen.push(name.to_owned());
        }
    }
    // Every event the batch holds is sent, in order, under Google's recommended name.
    let want: Vec<String> = array(batch, "events")
        .iter()
        .map(|e| {
            let n = e.get("name").and_then(Value::as_str).unwrap();
            GA4_EVENTS
                .iter()
                .find(|t| t.0 == n)
                .map_or(n, |t| t.1)
                .to_owned()
        })
        .collect();
    assert_eq!(seen, want, "{case}: ga4 events");
}

#[test]
fn destination_formats_match_the_vendor_libraries() {
    let Ok(path) = std::env::var("TRACKSAFE_DESTINATIONS_ORACLE") else {
        println!("skipped: run via make test (TRACKSAFE_DESTINATIONS_ORACLE is unset)");
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("oracle file {path}: {e}"));
    let ds = destinations();
    let mut cases = 0;
    let mut counts = [0usize; 4];
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let fixture = Value::parse(line).expect("fixture line is JSON");
        let case = format!(
            "case {}",
            fixture.get("case").and_then(Value::as_f64).unwrap()
        );
        let batch = fixture.get("batch").unwrap();
        let routed = route(batch, read_consent(batch.get("consent")), false, &ds);
        let per: Vec<Vec<(&Request, Value)>> = (0..4).map(|i| bodies(&routed, i)).collect();
        check_segment(&case, &per[0], fixture.get("segment").unwrap());
        check_snowplow(&case, &per[1], fixture.get("snowplow").unwrap());
        check_meta(&case, &per[2], fixture.get("meta").unwrap());
        check_ga4(&case, &per[3], batch);
        for (i, p) in per.iter().enumerate() {
            counts[i] += p.len();
        }
        cases += 1;
    }
    assert!(cases >= 10, "the oracle file holds only {cases} cases");
    println!(
        "destination oracle: {cases} batches; requests segment {} snowplow {} meta {} ga4 {}",
        counts[0], counts[1], counts[2], counts[3]
    );
}

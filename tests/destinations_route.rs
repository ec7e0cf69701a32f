//! Routing and formats: consent mixes reach exactly the destinations they allow, and each format
//! maps the wire batch as its tool expects (ids, auth, chunking, hashing, validation).
#![cfg(feature = "edge")]

use tracksafe::consent::{Purpose, Purposes};
use tracksafe::destinations::{parse_destinations, route, Destination, Request};
use tracksafe::hashing::sha256_hex;
use tracksafe::json::Value;

const VISITOR: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";
const SESSION: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

fn destinations() -> Vec<Destination> {
    let env = |n: &str| match n {
        "SEGMENT_WRITE_KEY" => Some("wk_123".to_owned()),
        "GA4_API_SECRET" => Some("s3cr3t/+".to_owned()),
        "META_ACCESS_TOKEN" => Some("EAABtok".to_owned()),
        _ => None,
    };
    let config = Value::parse(
        r#"[
          {"kind":"tracksafe","endpoint":"http://127.0.0.1:24100/batch"},
          {"kind":"segment","writeKeyEnv":"SEGMENT_WRITE_KEY","endpoint":"http://127.0.0.1:24101"},
          {"kind":"ga4","measurementId":"G-ABC123","apiSecretEnv":"GA4_API_SECRET"},
          {"kind":"meta_capi","pixelId":"1234","accessTokenEnv":"META_ACCESS_TOKEN"},
          {"kind":"snowplow","endpoint":"https://sp.example","appId":"shop"}
        ]"#,
    )
    .unwrap();
    parse_destinations(&config, &env).unwrap()
}

fn consent(p: Purposes) -> String {
    format!(
        r#"{{"analytics":{},"marketing":{},"preferences":{},"saleOfData":{},"source":"edge"}}"#,
        p.analytics, p.marketing, p.preferences, p.sale_of_data
    )
}

fn event(i: usize, name: &str, props: &str) -> String {
    format!(
        r#"{{"eventId":"{:08x}-0000-4000-8000-000000000000","timestamp":{},"name":"{name}","properties":{props},"context":{{"url":"https://shop.example/p/x?variant=2","referrer":"https://search.example/","title":"Shirt"}}}}"#,
        i,
        1_700_000_000_123u64 + i as u64
    )
}

fn batch(p: Purposes, events: &[String], extra: &str) -> Value {
    let text = format!(
        r#"{{"v":1,"site":"shop","sentAt":1700000009999,"consent":{},"visitorId":"{VISITOR}","sessionId":"{SESSION}"{extra},"events":[{}]}}"#,
        consent(p),
        events.join(",")
    );
    Value::parse(&text).unwrap()
}

const ALL: Purposes = Purposes {
    analytics: true,
    marketing: true,
    preferences: true,
    sale_of_data: true,
};

fn shop_events() -> Vec<String> {
    vec![
        event(0, "page_viewed", "{}"),
        event(
            1,
            "product_viewed",
            r#"{"product_id":"P1","variant_id":"V1","sku":"SKU1","name":"Shirt","brand":"Acme","category":"Tops","price":20,"currency":"EUR"}"#,
        ),
        event(
            2,
            "search_submitted",
            r#"{"query":"blue shirt","results_count":3}"#,
        ),
        event(
            3,
            "collection_viewed",
            r#"{"collection_id":"C1","name":"Summer"}"#,
        ),
        event(
            4,
            "checkout_completed",
            r#"{"order_id":"O1","value":45.5,"currency":"EUR","tax":5,"shipping":4.5,"coupon":"SUMMER","lines":[{"product_id":"P1","sku":"SKU1","name":"Shirt","price":20,"quantity":2},{"product_id":"P2","name":"Hat","price":1.5,"quantity":1}]}"#,
        ),
    ]
}

fn body(r: &Request) -> Value {
    Value::parse(&r.body).unwrap()
}

fn header<'a>(r: &'a Request, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn every_consent_mix_reaches_exactly_the_destinations_it_allows() {
    let ds = destinations();
    for bits in 0u8..16 {
        let mut p = Purposes::DENIED;
        for (i, purpose) in Purpose::ALL.into_iter().enumerate() {
            p.set(purpose, bits & (1 << i) != 0);
        }
        for gpc in [false, true] {
            let b = batch(p, &shop_events(), "");
            let mut reached: Vec<usize> =
                route(&b, p, gpc, &ds).into_iter().map(|(i, _)| i).collect();
            reached.dedup();
            let mut want = Vec::new();
            if p.analytics {
                want.extend([0, 1, 2]);
            }
            if p.marketing && p.sale_of_data && !gpc {
                want.push(3);
            }
            if p.analytics {
                want.push(4);
            }
            assert_eq!(reached, want, "consent {p:?} gpc {gpc}");
        }
    }
}

#[test]
fn the_batch_snapshot_can_only_narrow_the_consent() {
    let ds = destinations();
    let analytics_only = Purposes {
        analytics: true,
        ..Purposes::DENIED
    };
    // The batch says analytics only; a wider `consent` argument does not reach Meta.
    let b = batch(analytics_only, &shop_events(), "");
    assert!(route(&b, ALL, false, &ds).iter().all(|(i, _)| *i != 3));
    // A batch without a consent snapshot reaches nothing.
    let text = r#"{"v":1,"site":"s","sentAt":1,"events":[]}"#;
    assert!(route(&Value::parse(text).unwrap(), ALL, false, &ds).is_empty());
}

#[test]
fn tracksafe_passes_the_batch_through() {
    let ds = destinations();
    let b = batch(
        ALL,
        &shop_events(),
        r#","geo":{"country":"DE","region":"BE"}"#,
    );
    let routed = route(&b, ALL, false, &ds);
    let (_, r) = routed.iter().find(|(i, _)| *i == 0).unwrap();
    assert_eq!(r.url, "http://127.0.0.1:24100/batch");
    assert_eq!(r.body, b.to_json());
    assert_eq!(header(r, "authorization"), None);
    assert_eq!(header(r, "content-type"), Some("application/json"));
}

#[test]
fn segment_calls_carry_event_ids_and_basic_auth() {
    let ds = destinations();
    let b = batch(ALL, &shop_events(), r#","geo":{"country":"DE"}"#);
    let routed = route(&b, ALL, false, &ds);
    let (_, r) = routed.iter().find(|(i, _)| *i == 1).unwrap();
    assert_eq!(r.url, "http://127.0.0.1:24101/v1/batch");
    assert_eq!(header(r, "authorization"), Some("Basic d2tfMTIzOg=="));
    let calls = body(r);
    assert_eq!(
        calls.get("sentAt").and_then(Value::as_str),
        Some("2023-11-14T22:13:29.999Z")
    );
    let calls = calls.get("batch").unwrap().as_array().unwrap();
    assert_eq!(calls.len(), 5);
    let page = &calls[0];
    assert_eq!(page.get("type").and_then(Value::as_str), Some("page"));
    assert!(page.get("event").is_none());
    assert_eq!(
        page.get("messageId").and_then(Value::as_str),
        Some("00000000-0000-4000-8000-000000000000")
    );
    assert_eq!(
        page.get("anonymousId").and_then(Value::as_str),
        Some(VISITOR)
    );
    assert_eq!(
        page.get("timestamp").and_then(Value::as_str),
        Some("2023-11-14T22:13:20.123Z")
    );
    let ctx = page.get("context").unwrap();
    assert_eq!(
        ctx.get("page").unwrap().to_json(),
        r#"{"path":"/p/x","referrer":"https://search.example/","search":"?variant=2","title":"Shirt","url":"https://shop.example/p/x?variant=2"}"#
    );
    assert_eq!(
        ctx.get("location").unwrap().to_json(),
        r#"{"country":"DE"}"#
    );
    let names: Vec<_> = calls
        .iter()
        .map(|c| c.get("event").and_then(Value::as_str))
        .collect();
    assert_eq!(
        names,
        [
            None,
            Some("Product Viewed"),
            Some("Products Searched"),
            Some("Product List Viewed"),
            Some("Order Completed")
        ]
    );
    let order = calls[4].get("properties").unwrap();
    assert_eq!(
        order.to_json(),
        r#"{"order_id":"O1","total":45.5,"tax":5,"shipping":4.5,"coupon":"SUMMER","currency":"EUR","products":[{"product_id":"P1","sku":"SKU1","name":"Shirt","price":20,"quantity":2},{"product_id":"P2","name":"Hat","price":1.5,"quantity":1}]}"#
    );
}

#[test]
fn ga4_maps_ecommerce_and_splits_at_25_events() {
    let ds = destinations();
    let mut evs = shop_events();
    for i in 5..33 {
        evs.push(event(i, "page_viewed", "{}"));
    }
    let b = batch(ALL, &evs, "");
    let routed: Vec<_> = route(&b, ALL, false, &ds)
        .into_iter()
        .filter(|(i, _)| *i == 2)
        .collect();
    assert_eq!(routed.len(), 2);
    let r = &routed[0].1;
    assert_eq!(
        r.url,
        "https://www.google-analytics.com/mp/collect?measurement_id=G-ABC123&api_secret=s3cr3t%2F%2B"
    );
    let first = body(r);
    let second = body(&routed[1].1);
    let events = first.get("events").unwrap().as_array().unwrap();
    assert_eq!(events.len(), 25);
    assert_eq!(second.get("events").unwrap().as_array().unwrap().len(), 8);
    assert_eq!(
        first.get("client_id").and_then(Value::as_str),
        Some(VISITOR)
    );
    assert_eq!(
        first.get("consent").unwrap().to_json(),
        r#"{"ad_user_data":"GRANTED","ad_personalization":"GRANTED"}"#
    );
    let names: Vec<_> = events[..5]
        .iter()
        .map(|e| e.get("name").unwrap().as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "page_view",
            "view_item",
            "search",
            "view_item_list",
            "purchase"
        ]
    );
    assert_eq!(
        events[0].get("timestamp_micros").and_then(Value::as_f64),
        Some(1_700_000_000_123_000.0)
    );
    assert_eq!(
        events[1].get("params").unwrap().to_json(),
        r#"{"currency":"EUR","value":20,"items":[{"item_id":"P1","item_name":"Shirt","item_brand":"Acme","item_category":"Tops","item_variant":"V1","price":20}]}"#
    );
    assert_eq!(
        events[4].get("params").unwrap().to_json(),
        r#"{"transaction_id":"O1","currency":"EUR","value":45.5,"tax":5,"shipping":4.5,"coupon":"SUMMER","items":[{"item_id":"P1","item_name":"Shirt","price":20,"quantity":2},{"item_id":"P2","item_name":"Hat","price":1.5,"quantity":1}]}"#
    );
    // Without marketing, Google is told so.
    let analytics_only = Purposes {
        analytics: true,
        ..Purposes::DENIED
    };
    let b = batch(analytics_only, &shop_events(), "");
    let (_, r) = route(&b, analytics_only, false, &ds)
        .into_iter()
        .find(|(i, _)| *i == 2)
        .unwrap();
    assert_eq!(
        body(&r).get("consent").unwrap().to_json(),
        r#"{"ad_user_data":"DENIED","ad_personalization":"DENIED"}"#
    );
}

#[test]
fn ga4_drops_events_that_break_the_measurement_protocol_rules() {
    let ds = destinations();
    let long = "a".repeat(41);
    let evs = vec![
        event(0, "session_start", "{}"),
        event(1, "ga_thing", "{}"),
        event(2, &long, "{}"),
        event(3, "9lives", "{}"),
        event(
            4,
            "wishlist_added",
            r#"{"list":"x","google_id":"y","firebase_conversion":1,"flag":true,"note":"ééé"}"#,
        ),
        event(
            5,
            "search_submitted",
            &format!(r#"{{"query":"{}"}}"#, "q".repeat(150)),
        ),
    ];
    let b = batch(ALL, &evs, "");
    let (_, r) = route(&b, ALL, false, &ds)
        .into_iter()
        .find(|(i, _)| *i == 2)
        .unwrap();
    let out = body(&r);
    let events = out.get("events").unwrap().as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(
        events[0].get("params").unwrap().to_json(),
        r#"{"list":"x","note":"ééé"}"#
    );
    let term = events[1]
        .get("params")
        .unwrap()
        .get("search_term")
        .unwrap()
        .as_str()
        .unwrap();
    assert_eq!(term.chars().count(), 100);
    for e in events {
        assert_eq!(tracksafe::destinations::ga4::check_event(e), Ok(()));
    }
}

#[test]
fn meta_gets_hashed_user_data_and_only_its_standard_events() {
    let ds = destinations();
    let prehashed = sha256_hex(b"someone@example.com");
    let ids = format!(
        r#","identifiers":{{"em":["  Buyer@Example.COM ","{prehashed}"],"ph":"+49 30 1234567","external_id":"{}","fn":"Ann"}}"#,
        sha256_hex(b"x")
    );
    let b = batch(ALL, &shop_events(), &ids);
    let routed = route(&b, ALL, false, &ds);
    let (_, r) = routed.iter().find(|(i, _)| *i == 3).unwrap();
    assert_eq!(
        r.url,
        "https://graph.facebook.com/v24.0/1234/events?access_token=EAABtok"
    );
    for raw in ["buyer@example.com", "Buyer", "1234567", "Ann"] {
        assert!(!r.body.contains(raw), "raw {raw} in {}", r.body);
    }
    let out = body(r);
    let data = out.get("data").unwrap().as_array().unwrap();
    let names: Vec<_> = data
        .iter()
        .map(|e| e.get("event_name").unwrap().as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["PageView", "ViewContent", "Search", "Purchase"],
        "collection_viewed is not sent"
    );
    let user = data[0].get("user_data").unwrap();
    let em: Vec<_> = user
        .get("em")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        em,
        [
            sha256_hex(b"buyer@example.com").as_str(),
            prehashed.as_str()
        ]
    );
    assert_eq!(
        user.get("ph").unwrap().as_array().unwrap()[0].as_str(),
        Some(sha256_hex(b"49301234567").as_str())
    );
    assert_eq!(
        user.get("fn").unwrap().as_array().unwrap()[0].as_str(),
        Some(sha256_hex(b"ann").as_str())
    );
    let purchase = &data[3];
    assert_eq!(
        purchase.get("event_time").and_then(Value::as_f64),
        Some(1_700_000_000.0)
    );
    assert_eq!(
        purchase.get("event_id").and_then(Value::as_str),
        Some("00000004-0000-4000-8000-000000000000")
    );
    assert_eq!(
        purchase.get("action_source").and_then(Value::as_str),
        Some("website")
    );
    assert_eq!(
        purchase.get("custom_data").unwrap().to_json(),
        r#"{"value":45.5,"currency":"EUR","content_ids":["P1","P2"],"contents":[{"id":"P1","quantity":2,"item_price":20},{"id":"P2","quantity":1,"item_price":1.5}],"content_type":"product","order_id":"O1","num_items":3}"#
    );
    // No event Meta knows: no request at all.
    let b = batch(ALL, &[event(0, "collection_viewed", "{}")], "");
    assert!(route(&b, ALL, false, &ds).iter().all(|(i, _)| *i != 3));
}

#[test]
fn snowplow_payloads_are_strings_with_self_describing_events() {
    let ds = destinations();
    let mut evs = shop_events();
    evs.push(event(9, "product_added_to_cart", r#"{"product_id":"P1","sku":"SKU1","name":"Shirt","price":20,"quantity":2,"currency":"EUR"}"#));
    let b = batch(ALL, &evs, "");
    let (_, r) = route(&b, ALL, false, &ds)
        .into_iter()
        .find(|(i, _)| *i == 4)
        .unwrap();
    assert_eq!(
        r.url,
        "https://sp.example/com.snowplowanalytics.snowplow/tp2"
    );
    let out = body(&r);
    assert_eq!(
        out.get("schema").and_then(Value::as_str),
        Some("iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4")
    );
    let data = out.get("data").unwrap().as_array().unwrap();
    assert_eq!(data.len(), 6);
    for p in data {
        assert!(
            p.as_object()
                .unwrap()
                .iter()
                .all(|(_, v)| v.as_str().is_some()),
            "{}",
            p.to_json()
        );
        assert_eq!(p.get("duid").and_then(Value::as_str), Some(VISITOR));
        assert_eq!(p.get("sid").and_then(Value::as_str), Some(SESSION));
        assert_eq!(p.get("p").and_then(Value::as_str), Some("web"));
        assert_eq!(p.get("stm").and_then(Value::as_str), Some("1700000009999"));
    }
    assert_eq!(data[0].get("e").and_then(Value::as_str), Some("pv"));
    assert_eq!(
        data[0].get("dtm").and_then(Value::as_str),
        Some("1700000000123")
    );
    assert_eq!(data[0].get("page").and_then(Value::as_str), Some("Shirt"));
    let ue = |p: &Value| Value::parse(p.get("ue_pr").unwrap().as_str().unwrap()).unwrap();
    assert_eq!(
        ue(&data[2]).get("data").unwrap().to_json(),
        r#"{"schema":"iglu:com.snowplowanalytics.snowplow/site_search/jsonschema/1-0-0","data":{"terms":["blue shirt"],"totalResults":3}}"#
    );
    assert_eq!(
        ue(&data[1])
            .get("data")
            .unwrap()
            .get("schema")
            .and_then(Value::as_str),
        Some("iglu:dev.tracksafe/product_viewed/jsonschema/1-0-0")
    );
    assert_eq!(
        ue(&data[5]).get("data").unwrap().to_json(),
        r#"{"schema":"iglu:com.snowplowanalytics.snowplow/add_to_cart/jsonschema/1-0-0","data":{"sku":"SKU1","quantity":2,"name":"Shirt","unitPrice":20,"currency":"EUR"}}"#
    );
}

#[test]
fn malformed_events_never_reach_a_format() {
    let ds = destinations();
    let text = format!(
        r#"{{"v":1,"site":"s","sentAt":1,"consent":{},"events":[{{"name":"page_viewed"}},{{"eventId":"x","timestamp":-1,"name":"page_viewed"}},7]}}"#,
        consent(ALL)
    );
    let routed = route(&Value::parse(&text).unwrap(), ALL, false, &ds);
    // Only the passthrough (which forwards what the edge built) sends anything.
    assert!(routed.iter().all(|(i, _)| *i == 0), "{routed:?}");
}

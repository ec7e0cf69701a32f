//! The edge narrows, never widens: GPC, CMP cookies and re-decoded TC/GPP strings each take away
//! what they deny from the client's claim.

use super::*;
use crate::json::Value;

fn config(consent: &str) -> CollectorConfig {
    let v = Value::parse(&format!(
        r#"{{"upstreamUrl":"https://u.example/in","allowedOrigins":["https://shop.example"],"pepper":"edge-consent-test-pepper-0123","consent":{consent}}}"#
    ))
    .unwrap();
    CollectorConfig::parse(&v).unwrap()
}

fn request<'a>(gpc: bool, cookie: Option<&'a str>) -> EdgeRequest<'a> {
    EdgeRequest {
        method: "POST",
        path: "/collect",
        origin: Some("https://shop.example"),
        content_type: Some("application/json"),
        sec_gpc: gpc,
        cookie,
        user_agent: None,
        country: None,
        region: None,
        body: b"",
        now_ms: 0.0,
    }
}

fn claim(extra: &str) -> Value {
    Value::parse(&format!(
        r#"{{"consent":{{"analytics":true,"marketing":true,"preferences":true,"saleOfData":true,"source":"tcf"{extra}}}}}"#
    ))
    .unwrap()
}

const ALL: Purposes = Purposes {
    analytics: true,
    marketing: true,
    preferences: true,
    sale_of_data: true,
};

#[test]
fn no_signal_at_the_edge_keeps_the_claim() {
    let c = config("{}");
    assert_eq!(edge_consent(&c, &request(false, None), &claim("")), ALL);
    let denied = Value::parse(r#"{"consent":{"analytics":"true"}}"#).unwrap();
    assert_eq!(
        edge_consent(&c, &request(false, None), &denied),
        Purposes::DENIED
    );
}

#[test]
fn gpc_and_cookies_narrow() {
    let c = config("{}");
    let p = edge_consent(&c, &request(true, None), &claim(""));
    assert!(p.analytics && p.preferences && !p.marketing && !p.sale_of_data);
    let cookie = "OptanonConsent=groups=C0002%3A0%2CC0003%3A1%2CC0004%3A1";
    let p = edge_consent(&c, &request(false, Some(cookie)), &claim(""));
    assert!(!p.analytics && p.marketing && p.preferences);
    // remapped OneTrust groups apply at the edge too
    let c = config(r#"{"oneTrustGroups":{"analytics":"C0003"}}"#);
    assert!(edge_consent(&c, &request(false, Some(cookie)), &claim("")).analytics);
}

#[cfg(feature = "decoders")]
#[test]
fn carried_strings_are_decoded_again() {
    // usnat with SaleOptOut = 1 (encoded by @iabgpp/cmpapi 3.2.0)
    let c = config("{}");
    let p = edge_consent(
        &c,
        &request(false, None),
        &claim(r#","gppString":"DBABLA~CIRSCmEhEhhI""#),
    );
    assert!(p.analytics && !p.marketing && !p.sale_of_data);
    // a TC string that grants nothing to vendor 755 (none configured here: denies all)
    let tc = "CPa0YdZPbXPINBuAqPEN2tCO8P___0ABEpYgB2QDAACgAKAAcAB2AEoATAB4AFSAK4AZoA1QBwgDsAAAACWgDQABAAWABAAHwATABWAC4AQAAjgBKAFA";
    let p = edge_consent(
        &c,
        &request(false, None),
        &claim(&format!(r#","tcString":"{tc}""#)),
    );
    assert_eq!(p, Purposes::DENIED);
    // garbage is denied, not trusted
    let p = edge_consent(
        &config(r#"{"tcfVendorId":755}"#),
        &request(false, None),
        &claim(r#","tcString":"not-a-tc-string""#),
    );
    assert_eq!(p, Purposes::DENIED);
}

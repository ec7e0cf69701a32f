//! Unit tests for the CMP cookie reader.

use super::*;

fn parse(header: &str) -> CookieSignals {
    parse_consent_cookies(header, &CookieOptions::default())
}

#[test]
fn onetrust_groups_map_to_purposes() {
    let h = "foo=1; OptanonConsent=isGpcEnabled=0&datestamp=Thu+Jun+01+2023&version=202301.1.0&groups=C0001%3A1%2CC0002%3A1%2CC0003%3A0%2CC0004%3A1&geolocation=DE%3BBY";
    let s = parse(h);
    assert_eq!(s.signals.len(), 1);
    let p = s.signals[0].purposes;
    assert_eq!(s.signals[0].source, "OptanonConsent");
    assert_eq!(p.analytics, Some(true));
    assert_eq!(p.preferences, Some(false));
    assert_eq!(p.marketing, Some(true));
    assert_eq!(p.sale_of_data, Some(true));
}

#[test]
fn onetrust_silence_and_remapping() {
    let h = "OptanonConsent=groups=C0001%3A1%2CC0002%3A1";
    let p = parse(h).signals[0].purposes;
    assert_eq!(
        (p.analytics, p.marketing, p.preferences),
        (Some(true), None, None)
    );
    let opts = CookieOptions {
        onetrust_groups: vec![
            ("C0002".into(), Purpose::Analytics),
            ("C0005".into(), Purpose::Analytics),
        ],
        ..CookieOptions::default()
    };
    let p = parse_consent_cookies(h, &opts).signals[0].purposes;
    assert_eq!(p.analytics, None, "one of two required groups is missing");
    // garbage in a present cookie denies everything
    let p = parse("OptanonConsent=groups=%ZZ").signals[0].purposes;
    assert_eq!(p, PurposeSignal::all(false));
    let p = parse("OptanonConsent=version=1").signals[0].purposes;
    assert_eq!(p, PurposeSignal::all(false));
}

#[test]
fn cookiebot_object_literal() {
    let h = "CookieConsent=%7Bstamp%3A%27abc%2Fdef%3D%3D%27%2Cnecessary%3Atrue%2Cpreferences%3Atrue%2Cstatistics%3Atrue%2Cmarketing%3Afalse%2Cmethod%3A%27explicit%27%2Cver%3A1%2Cutc%3A1700000000000%2Cregion%3A%27de%27%7D";
    let p = parse(h).signals[0].purposes;
    assert_eq!(p.analytics, Some(true));
    assert_eq!(p.preferences, Some(true));
    assert_eq!(p.marketing, Some(false));
    assert_eq!(p.sale_of_data, Some(false));
    assert_eq!(
        parse("CookieConsent=-1").signals[0].purposes,
        PurposeSignal::default()
    );
    assert_eq!(
        parse("CookieConsent={oops").signals[0].purposes,
        PurposeSignal::all(false)
    );
}

#[test]
fn shopify_v21_json_and_v3() {
    let h = "_tracking_consent=%7B%22con%22%3A%7B%22CMP%22%3A%7B%22a%22%3A%221%22%2C%22m%22%3A%220%22%2C%22p%22%3A%22%22%2C%22s%22%3A%221%22%7D%7D%2C%22v%22%3A%222.1%22%2C%22reg%22%3A%22GDPR%22%7D";
    let p = parse(h).signals[0].purposes;
    assert_eq!(p.analytics, Some(true));
    assert_eq!(p.marketing, Some(false));
    assert_eq!(p.preferences, None);
    assert_eq!(p.sale_of_data, Some(true));
    let p = parse("_tracking_consent=4AMp_GB_t_f_").signals[0].purposes;
    assert_eq!(
        p,
        PurposeSignal::all(false),
        "neither JSON nor the v3 form: deny"
    );
    let p = parse("_tracking_consent=3AMp.s_GB_t_f_").signals[0].purposes;
    assert_eq!(p.analytics, Some(true));
    assert_eq!(p.marketing, Some(true));
    assert_eq!(p.preferences, Some(false));
    assert_eq!(
        p.sale_of_data, None,
        "letters after the dot are defaults, not choices"
    );
    // an older JSON version is not understood: deny
    let old =
        "_tracking_consent=%7B%22v%22%3A%222.0%22%2C%22con%22%3A%7B%22GDPR%22%3A%221%22%7D%7D";
    assert_eq!(parse(old).signals[0].purposes, PurposeSignal::all(false));
}

#[test]
fn tc_string_cookie_and_noise() {
    let s = parse("a=b; euconsent-v2=CPa0YdZ; ;=; x");
    assert_eq!(s.tc_string.as_deref(), Some("CPa0YdZ"));
    assert!(s.signals.is_empty());
    let long = "x=".to_string() + &"é".repeat(40_000) + "; OptanonConsent=groups=C0002%3A1";
    assert!(
        parse(&long).signals.is_empty(),
        "cookies past the cap are not read"
    );
}

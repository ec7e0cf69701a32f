//! The signals object is read strictly; the resolution is written with every purpose and source.

use super::*;
use crate::consent::{decisive, resolve, ConsentOptions};

fn parse(text: &str, browser: bool) -> Result<Signals> {
    parse_signals(&Value::parse(text).unwrap(), browser)
}

#[test]
fn reads_every_key_and_refuses_unknown_ones() {
    let s = parse(
        r#"{"gpc":true,"shopify":{"analytics":true,"marketing":null},"manual":{"preferences":false},
            "consentMode":{"analytics_storage":"granted","security_storage":"granted"},
            "cookies":"a=b","region":"US-CA","tcString":null,"gppString":"DBABTA~1YYN"}"#,
        false,
    )
    .unwrap();
    assert_eq!(s.gpc, Some(true));
    assert_eq!(s.shopify.unwrap().analytics, Some(true));
    assert_eq!(s.shopify.unwrap().marketing, None);
    assert_eq!(s.manual.unwrap().preferences, Some(false));
    assert_eq!(
        s.consent_mode.unwrap().analytics_storage.as_deref(),
        Some("granted")
    );
    assert_eq!(s.tc_string, None);
    for bad in [
        r#"{"tcstring":"x"}"#,
        r#"{"gpc":"1"}"#,
        r#"{"manual":{"analytic":true}}"#,
        r#"{"manual":{"analytics":"yes"}}"#,
        r#"{"consentMode":{"ads_storage":"granted"}}"#,
        r#"{"tcData":{}}"#,
        r#"[]"#,
    ] {
        let err = parse(bad, false).unwrap_err();
        assert_eq!(err.code(), "INVALID_ARGUMENT", "{bad}");
        assert!(err.is_type_error());
    }
    #[cfg(feature = "extended")]
    assert!(parse(r#"{"tcData":{},"waiting":["gpp"]}"#, true).is_ok());
    assert!(parse(r#"{"waiting":["gpp"]}"#, true).is_ok());
    assert!(parse(r#"{"waiting":["tcfapi"]}"#, true).is_err());
}

/// The script tag's smaller lean wasm refuses what a CMP hands over, whatever its shape: its
/// runtime loads the extended build on a page with `__tcfapi` or `__gpp`.
#[cfg(not(feature = "extended"))]
#[test]
fn a_cmps_own_decoding_needs_the_extended_build() {
    for (key, text) in [
        (
            "tcData",
            r#"{"tcData":{"cmpStatus":"loaded","eventStatus":"tcloaded"}}"#,
        ),
        ("gppData", r#"{"gpc":true,"gppData":{}}"#),
        ("tcData", r#"{"tcData":{},"waiting":["tcf"]}"#),
    ] {
        let err = parse(text, true).unwrap_err();
        assert_eq!(err.code(), "INVALID_ARGUMENT", "{text}");
        assert_eq!(
            err.message(),
            format!(
                "invalid argument: signals.{key} needs the extended build \
                 (tracksafe_extended_bg.wasm); this one leaves it out"
            )
        );
    }
}

#[test]
fn resolution_json_and_decisiveness() {
    let o = ConsentOptions::default();
    let s = parse(r#"{"manual":{"analytics":true}}"#, true).unwrap();
    let r = resolve(&s, &o);
    assert_eq!(
        resolution_to_json(&r).to_json(),
        r#"{"analytics":true,"marketing":false,"preferences":false,"saleOfData":false,"sources":{"analytics":"manual","marketing":"none","preferences":"none","saleOfData":"none"}}"#
    );
    assert_eq!(summary_source(&r), "manual");
    assert!(decisive(&s, &o));
    // GPC alone, or cookies without a CMP cookie, do not decide; a pending CMP blocks a decision
    assert!(!decisive(
        &parse(r#"{"gpc":true,"cookies":"x=1"}"#, true).unwrap(),
        &o
    ));
    assert!(!decisive(
        &parse(r#"{"manual":{"analytics":true},"waiting":["tcf"]}"#, true).unwrap(),
        &o
    ));
    // an opt-out region decides by itself
    assert!(decisive(&parse(r#"{"region":"US-CA"}"#, true).unwrap(), &o));
    assert!(!decisive(&parse(r#"{"region":"DE"}"#, true).unwrap(), &o));
}

#[test]
fn refusals_name_the_key_and_are_argument_errors() {
    for (text, message) in [
        (
            r#"{"tcstring":"x"}"#,
            "invalid argument: unknown key signals.tcstring (known: tcString, gppString, gpc, \
             shopify, consentMode, cookies, manual, region)",
        ),
        (
            r#"{"gpc":"1"}"#,
            "invalid argument: signals.gpc must be a boolean",
        ),
        (
            r#"{"manual":{"analytic":true}}"#,
            "invalid argument: unknown key signals.manual.analytic (known: analytics, marketing, \
             preferences, saleOfData)",
        ),
        (
            r#"{"shopify":{"analytics":"yes"}}"#,
            "invalid argument: signals.shopify.analytics must be a boolean",
        ),
        (
            r#"{"consentMode":{"analytics_storage":1}}"#,
            "invalid argument: signals.consentMode.analytics_storage must be a string",
        ),
        (
            r#"{"manual":[]}"#,
            "invalid argument: signals.manual must be an object",
        ),
        ("null", "invalid argument: signals must be an object"),
    ] {
        let err = parse(text, false).unwrap_err();
        assert_eq!(err.to_string(), message, "{text}");
    }
    let err = parse(r#"{"waiting":["tcfapi"]}"#, true).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"invalid argument: signals.waiting must be a list of "tcf" or "gpp""#
    );
}

#[test]
fn null_members_are_silent_and_a_waited_cmp_is_pending_in_any_order() {
    let s = parse(
        r#"{"gpc":null,"manual":null,"consentMode":{"ad_storage":null,"wait_for_update":500}}"#,
        false,
    )
    .unwrap();
    assert_eq!((s.gpc, s.manual), (None, None));
    assert_eq!(s.consent_mode.unwrap(), ConsentMode::default());
    #[cfg(feature = "extended")]
    let texts = [
        r#"{"waiting":["tcf"],"tcData":{"cmpStatus":"loaded","eventStatus":"tcloaded"}}"#,
        r#"{"tcData":{"cmpStatus":"loaded","eventStatus":"tcloaded"},"waiting":["tcf"]}"#,
    ];
    #[cfg(not(feature = "extended"))]
    let texts = [r#"{"waiting":["tcf"]}"#];
    for text in texts {
        assert_eq!(
            parse(text, true).unwrap().tcf_data,
            Some(Handover::Pending),
            "{text}"
        );
    }
}

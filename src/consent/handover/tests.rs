//! The CMP handover path maps like the string path: the GPP string below was encoded by
//! `@iabgpp/cmpapi` 3.2.0, and `PARSED` is (part of) what its `GppModel.toObject()` gives for it.

use super::*;
use crate::consent::{resolve, ConsentOptions, Purposes, Signals};

#[cfg(feature = "decoders")]
const GPP: &str =
    "DBACPeA~CQuFeUAQuFeUAAFAAAENAAFgAP-AAAAAAAAAF5wAgABgLzAAAAAA.IAAA.YAAAAAAAAAAA~1-N-~CAAgAAAAAABA.YA";
const PARSED: &str = r#"{"usnat":{"SaleOptOut":2,"SharingOptOut":0,"TargetedAdvertisingOptOut":0,"Gpc":true},"uspv1":{"Version":1,"Notice":"-","OptOutSale":"N","LspaCovered":"-"},"tcfeuv2":{"PurposeConsents":[true,true,true,true,true,true,true,true,true,false,false,false,false,false,false,false,false,false,false,false,false,false,false,false],"VendorConsents":[3,755],"PurposeLegitimateInterests":[],"VendorLegitimateInterests":[],"PublisherRestrictions":[]}}"#;

fn ping(parsed: &str, status: &str) -> Value {
    Value::parse(&format!(
        r#"{{"cmpStatus":"loaded","signalStatus":"{status}","parsedSections":{parsed}}}"#
    ))
    .unwrap()
}

fn opts() -> ConsentOptions {
    ConsentOptions {
        tcf_vendor_id: Some(755),
        ..ConsentOptions::default()
    }
}

#[test]
fn parsed_sections_give_the_decoded_facts() {
    let Handover::Data(facts) = gpp_from_ping(&ping(PARSED, "ready")) else {
        panic!("ready ping data");
    };
    assert_eq!(facts[0], GppFacts::UsOptOut(true), "Gpc = true opts out");
    assert_eq!(facts[1], GppFacts::UsOptOut(false));
    let GppFacts::TcfEu(tc) = &facts[2] else {
        panic!("tcfeuv2")
    };
    assert_eq!(tc.purpose_consents, (1..=9).collect::<Vec<u16>>());
    assert_eq!(tc.vendor_consents, [3, 755]);
    #[cfg(feature = "decoders")]
    {
        let decoded = crate::consent::decode_gpp_string(GPP).unwrap().facts();
        // The decoder orders sections as the string does (tcfeuv2 first).
        for f in &facts {
            match f {
                GppFacts::TcfEu(m) => {
                    let GppFacts::TcfEu(d) = &decoded[0] else {
                        panic!()
                    };
                    assert_eq!(m.purpose_consents, d.purpose_consents);
                    assert_eq!(m.vendor_consents, d.vendor_consents);
                }
                other => assert!(decoded.contains(other), "{other:?}"),
            }
        }
        let by_string = resolve(
            &Signals {
                gpp_string: Some(GPP.into()),
                ..Signals::default()
            },
            &opts(),
        );
        let by_handover = resolve(
            &Signals {
                gpp_data: Some(Handover::Data(facts.clone())),
                gpp_string: Some(GPP.into()),
                ..Signals::default()
            },
            &opts(),
        );
        assert_eq!(by_string, by_handover);
    }
}

#[test]
fn gpp_states_and_shapes() {
    assert_eq!(gpp_from_ping(&ping(PARSED, "not ready")), Handover::Pending);
    assert_eq!(gpp_from_ping(&ping("{}", "ready")), Handover::NotApplicable);
    let err = Value::parse(r#"{"cmpStatus":"error","signalStatus":"ready"}"#).unwrap();
    assert_eq!(gpp_from_ping(&err), Handover::Failed);
    assert_eq!(gpp_from_ping(&Value::Null), Handover::Failed);
    // a US section of the wrong shape is read as an opt-out (fail closed)
    let Handover::Data(f) = gpp_from_ping(&ping(r#"{"usca":7,"usxx":{}}"#, "ready")) else {
        panic!()
    };
    assert_eq!(f, [GppFacts::UsOptOut(true), GppFacts::Other]);
    // GPP 1.0 CMPs hand over an array of segment objects
    let Handover::Data(f) = gpp_from_ping(&ping(
        r#"{"usco":[{"SaleOptOut":2},{"Gpc":true}]}"#,
        "ready",
    )) else {
        panic!()
    };
    assert_eq!(f, [GppFacts::UsOptOut(true)]);
}

fn tcdata(status: &str, extra: &str) -> Value {
    Value::parse(&format!(
        r#"{{"tcString":"x","gdprApplies":true,"eventStatus":"{status}","cmpStatus":"loaded",
            "purpose":{{"consents":{{"1":true,"2":true,"3":true,"4":true,"5":false,"7":true,"8":true,"9":true}},"legitimateInterests":{{}}}},
            "vendor":{{"consents":{{"755":true,"9":false}},"legitimateInterests":{{}}}}{extra}}}"#
    ))
    .unwrap()
}

#[test]
fn tcdata_maps_like_a_tc_string() {
    let Handover::Data(m) = tcf_from_tcdata(&tcdata("useractioncomplete", "")) else {
        panic!()
    };
    assert_eq!(m.purpose_consents, [1, 2, 3, 4, 7, 8, 9]);
    assert_eq!(m.vendor_consents, [755]);
    let s = Signals {
        tcf_data: Some(Handover::Data(m)),
        ..Signals::default()
    };
    let r = resolve(&s, &opts());
    assert_eq!(
        r.purposes,
        Purposes {
            analytics: true,
            marketing: true,
            sale_of_data: true,
            preferences: false,
        }
    );
    assert_eq!(r.sources.analytics, "tcf");
    // a restriction "not allowed" on purpose 8 for our vendor denies analytics
    let restricted = tcdata(
        "tcloaded",
        r#","publisher":{"consents":{},"legitimateInterests":{},"restrictions":{"8":{"755":0}}}"#,
    );
    let Handover::Data(m) = tcf_from_tcdata(&restricted) else {
        panic!()
    };
    assert_eq!(m.publisher_restrictions[0].vendors, [755]);
    let s = Signals {
        tcf_data: Some(Handover::Data(m)),
        ..Signals::default()
    };
    assert!(!resolve(&s, &opts()).purposes.analytics);
}

#[test]
fn tcdata_states() {
    assert_eq!(
        tcf_from_tcdata(&tcdata("cmpuishown", "")),
        Handover::Pending
    );
    let na = Value::parse(r#"{"gdprApplies":false,"eventStatus":"tcloaded"}"#).unwrap();
    assert_eq!(tcf_from_tcdata(&na), Handover::NotApplicable);
    let err = Value::parse(r#"{"cmpStatus":"error"}"#).unwrap();
    assert_eq!(tcf_from_tcdata(&err), Handover::Failed);
    let failed = Signals {
        tcf_data: Some(Handover::Failed),
        region: Some("US".into()),
        ..Signals::default()
    };
    assert_eq!(resolve(&failed, &opts()).purposes, Purposes::DENIED);
}

/// Without the decoders a raw string cannot be read here: it denies (fail closed), while the
/// same consent handed over decoded by the CMP grants.
#[cfg(not(feature = "decoders"))]
#[test]
fn lean_build_denies_raw_strings_it_cannot_decode() {
    let raw = Signals {
        tc_string: Some("CPa0YdZPbXPINBuAqPEN2tCO8P___0ABEpYgB2QDAACgAKAAcAB2AEoATAB4AFSAK4AZoA1QBwgDsAAAACWgDQABAAWABAAHwATABWAC4AQAAjgBKAFA".into()),
        region: Some("US".into()),
        ..Signals::default()
    };
    assert_eq!(resolve(&raw, &opts()).purposes, Purposes::DENIED);
    let Handover::Data(m) = tcf_from_tcdata(&tcdata("tcloaded", "")) else {
        panic!()
    };
    let handed = Signals {
        tcf_data: Some(Handover::Data(m)),
        ..raw
    };
    assert!(resolve(&handed, &opts()).purposes.analytics);
}

//! Known-answer test: the TCF and GPP decoders against fixtures written by the IAB reference
//! libraries (`@iabtechlabtcf/core`, `@iabgpp/cmpapi`) via tests/oracles/consent/generate.mjs.
//!
//! Run: `node tests/oracles/consent/generate.mjs .oracles/consent.ndjson &&
//! TRACKSAFE_CONSENT_ORACLE=.oracles/consent.ndjson cargo test --test consent_oracle`.
#![cfg(feature = "decoders")]

use tracksafe::consent::gpp::RangeEntry;
use tracksafe::consent::{
    decode_gpp_string, decode_tc_string, iso8601_from_ms, FieldValue, GppString, TcModel,
};
use tracksafe::json::Value;

fn num(v: &Value) -> u64 {
    let n = v.as_f64().unwrap_or_else(|| panic!("not a number: {v:?}"));
    n as u64
}

fn nums(v: &Value) -> Vec<u64> {
    v.as_array().expect("array").iter().map(num).collect()
}

fn ids16(ids: &[u16]) -> Vec<u64> {
    ids.iter().map(|&i| u64::from(i)).collect()
}

fn check_tc(m: &TcModel, e: &Value, ctx: &str) {
    let g = |k: &str| {
        e.get(k)
            .unwrap_or_else(|| panic!("{ctx}: fixture lacks {k}"))
    };
    let int = |k: &str, got: u64| assert_eq!(got, num(g(k)), "{ctx}: {k}");
    let boolean = |k: &str, got: bool| assert_eq!(Some(got), g(k).as_bool(), "{ctx}: {k}");
    let text = |k: &str, got: &str| assert_eq!(Some(got), g(k).as_str(), "{ctx}: {k}");
    let set = |k: &str, got: &[u16]| assert_eq!(ids16(got), nums(g(k)), "{ctx}: {k}");
    int("version", m.version.into());
    int("created", m.created);
    int("lastUpdated", m.last_updated);
    text("createdIso", &iso8601_from_ms(m.created as i64).unwrap());
    text(
        "lastUpdatedIso",
        &iso8601_from_ms(m.last_updated as i64).unwrap(),
    );
    int("cmpId", m.cmp_id.into());
    int("cmpVersion", m.cmp_version.into());
    int("consentScreen", m.consent_screen.into());
    text("consentLanguage", &m.consent_language);
    int("vendorListVersion", m.vendor_list_version.into());
    int("policyVersion", m.policy_version.into());
    boolean("isServiceSpecific", m.is_service_specific);
    boolean("useNonStandardTexts", m.use_non_standard_texts);
    boolean("purposeOneTreatment", m.purpose_one_treatment);
    text("publisherCountryCode", &m.publisher_country_code);
    set("specialFeatureOptins", &m.special_feature_optins);
    set("purposeConsents", &m.purpose_consents);
    set(
        "purposeLegitimateInterests",
        &m.purpose_legitimate_interests,
    );
    set("vendorConsents", &m.vendor_consents);
    set("vendorLegitimateInterests", &m.vendor_legitimate_interests);
    set("vendorsDisclosed", &m.vendors_disclosed);
    set("vendorsAllowed", &m.vendors_allowed);
    set("publisherConsents", &m.publisher_consents);
    set(
        "publisherLegitimateInterests",
        &m.publisher_legitimate_interests,
    );
    int("numCustomPurposes", m.num_custom_purposes.into());
    set("publisherCustomConsents", &m.publisher_custom_consents);
    set(
        "publisherCustomLegitimateInterests",
        &m.publisher_custom_legitimate_interests,
    );
    let want = g("publisherRestrictions").as_array().expect("array");
    assert_eq!(
        m.publisher_restrictions.len(),
        want.len(),
        "{ctx}: restrictions"
    );
    for (r, w) in m.publisher_restrictions.iter().zip(want) {
        assert_eq!(
            u64::from(r.purpose_id),
            num(w.get("purposeId").unwrap()),
            "{ctx}"
        );
        let kind = num(w.get("restrictionType").unwrap());
        assert_eq!(u64::from(r.restriction_type), kind, "{ctx}");
        assert_eq!(ids16(&r.vendors), nums(w.get("vendors").unwrap()), "{ctx}");
    }
}

fn check_field(got: &FieldValue, want: &Value, ctx: &str) {
    match got {
        FieldValue::Int(v) | FieldValue::Datetime(v) => assert_eq!(*v, num(want), "{ctx}"),
        FieldValue::Bool(b) => assert_eq!(Some(*b), want.as_bool(), "{ctx}"),
        FieldValue::IntList(v) => assert_eq!(*v, nums(want), "{ctx}"),
        FieldValue::BoolList(v) => {
            let w: Vec<bool> = want
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b.as_bool().unwrap())
                .collect();
            assert_eq!(*v, w, "{ctx}");
        }
        FieldValue::Str(s) => assert_eq!(Some(s.as_str()), want.as_str(), "{ctx}"),
        FieldValue::Ranges(entries) => {
            let w = want.as_array().unwrap();
            assert_eq!(entries.len(), w.len(), "{ctx}");
            for (RangeEntry { key, kind, ids }, w) in entries.iter().zip(w) {
                assert_eq!(u64::from(*key), num(w.get("key").unwrap()), "{ctx}");
                assert_eq!(u64::from(*kind), num(w.get("type").unwrap()), "{ctx}");
                assert_eq!(ids16(ids), nums(w.get("ids").unwrap()), "{ctx}");
            }
        }
        FieldValue::Tcf(m) => check_tc(m, want, ctx),
    }
}

fn check_gpp(g: &GppString, e: &Value, ctx: &str) {
    let ids: Vec<u64> = g.section_ids.iter().map(|&i| u64::from(i)).collect();
    assert_eq!(ids, nums(e.get("sectionIds").unwrap()), "{ctx}: sectionIds");
    let want = e.get("sections").unwrap().as_object().unwrap();
    assert_eq!(g.sections.len(), want.len(), "{ctx}: section count");
    for (name, fields) in want {
        let s = g
            .section(name)
            .unwrap_or_else(|| panic!("{ctx}: missing {name}"));
        if name == "tcfeuv2" {
            check_field(s.get("TcModel").unwrap(), fields, &format!("{ctx} {name}"));
            continue;
        }
        let fields = fields.as_object().unwrap();
        assert_eq!(s.fields.len(), fields.len(), "{ctx}: {name} field count");
        for (k, v) in fields {
            let got = s
                .get(k)
                .unwrap_or_else(|| panic!("{ctx}: {name}.{k} missing"));
            check_field(got, v, &format!("{ctx} {name}.{k}"));
        }
    }
}

#[test]
fn decoders_match_the_reference_libraries() {
    let Ok(path) = std::env::var("TRACKSAFE_CONSENT_ORACLE") else {
        println!("skipped: TRACKSAFE_CONSENT_ORACLE is unset; run via make test (see this file's header)");
        return;
    };
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("TRACKSAFE_CONSENT_ORACLE={path}: {e}"));
    let (mut ok, mut errors) = (0usize, 0usize);
    for (n, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let case = Value::parse(line).unwrap_or_else(|e| panic!("line {}: {e}", n + 1));
        let kind = case.get("kind").and_then(Value::as_str).unwrap();
        let input = case.get("input").and_then(Value::as_str).unwrap();
        let expected = case.get("expected").unwrap();
        let ctx = format!("line {} ({kind} {input:?})", n + 1);
        let is_error = expected.get("error").and_then(Value::as_bool) == Some(true);
        match (kind, is_error) {
            ("tcf", true) => assert!(decode_tc_string(input).is_err(), "{ctx}: should fail"),
            ("gpp", true) => assert!(decode_gpp_string(input).is_err(), "{ctx}: should fail"),
            ("tcf", false) => check_tc(&decode_tc_string(input).expect(&ctx), expected, &ctx),
            ("gpp", false) => check_gpp(&decode_gpp_string(input).expect(&ctx), expected, &ctx),
            _ => panic!("{ctx}: unknown kind"),
        }
        if is_error {
            errors += 1;
        } else {
            ok += 1;
        }
    }
    assert!(ok > 0, "{path} has no decodable cases");
    println!("compared {} oracle cases ({ok} decoded field by field, {errors} rejected like the reference)", ok + errors);
}

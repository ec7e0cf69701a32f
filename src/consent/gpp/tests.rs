//! Unit tests for the GPP decoder; strings were encoded by `@iabgpp/cmpapi` 3.2.0 through
//! tests/oracles/consent/generate.mjs, and the expectations are what its `GppModel` decodes.

use super::*;

fn ints(s: &GppSection, name: &str) -> Vec<u64> {
    match s.get(name) {
        Some(FieldValue::IntList(v)) => v.clone(),
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn decodes_usca_with_gpc_subsection() {
    let g = decode_gpp_string("DBABBg~BJoSJaFY.QA").unwrap();
    assert_eq!(g.section_ids, [8]);
    let s = g.section("usca").unwrap();
    assert_eq!(s.int("Version"), Some(1));
    assert_eq!(s.int("SharingOptOutNotice"), Some(2));
    assert_eq!(s.int("SaleOptOut"), Some(2));
    assert_eq!(s.int("SharingOptOut"), Some(2));
    assert_eq!(
        ints(s, "SensitiveDataProcessing"),
        [0, 1, 0, 2, 0, 2, 1, 1, 2]
    );
    assert_eq!(ints(s, "KnownChildSensitiveDataConsents"), [2, 0]);
    assert_eq!(s.int("MspaServiceProviderMode"), Some(2));
    assert_eq!(s.int("GpcSegmentType"), Some(1));
    assert_eq!(s.bool("Gpc"), Some(false));
    assert_eq!(s.bool("GpcSegmentIncluded"), Some(true));
}

#[test]
fn decodes_usin_sensitive_data_subsection() {
    let g = decode_gpp_string("DBABUYA~BUZA.hII").unwrap();
    let s = g.section("usin").unwrap();
    assert_eq!(s.int("MspaVersion"), Some(1));
    assert_eq!(s.int("TargetedAdvertisingOptOutNotice"), Some(2));
    assert_eq!(s.int("SaleOptOut"), Some(1));
    assert_eq!(ints(s, "SensitiveDataProcessing"), [2, 0, 1, 0, 2, 0, 0, 2]);
    assert_eq!(s.bool("SensitiveDataConsentSegmentIncluded"), Some(true));
}

#[test]
fn uspv1_and_empty_and_bare_tc() {
    let g = decode_gpp_string("DBABTA~1Y-N").unwrap();
    let s = g.section("uspv1").unwrap();
    assert_eq!(s.get("OptOutSale"), Some(&FieldValue::Str("-".into())));
    assert!(decode_gpp_string("DBABTA~1YXN").is_err());
    assert_eq!(decode_gpp_string("").unwrap(), GppString::default());
    assert!(decode_gpp_string("XYZ").is_err());
}

#[test]
fn header_must_match_sections() {
    assert!(decode_gpp_string("DBABBg").is_err()); // one id, no section
    assert!(decode_gpp_string("DBABBg~BJoSJaFY.QA~1YNN").is_err()); // one id, two sections
    assert!(decode_gpp_string("DBABBg~ ").is_err()); // blank section
    assert!(decode_gpp_string("DB").is_err());
    assert!(decode_gpp_string("DBABBg~B").is_err()); // truncated core
}

#[test]
fn truncations_never_panic() {
    let s = "DBAFDGGrMA~BO5rWhGO6DdXi_EIdIGM5k10r7kSeUlr8gUPABkgwIMAHoAOxMAESAliAFgg0l0yDA.dLYkwitE4AA~BlEZYgCI~BoGooFlU~BSKg~BRSC.VBY";
    let full = decode_gpp_string(s).unwrap();
    assert_eq!(full.section_ids, [5, 8, 13, 25, 27]);
    for n in 0..s.len() {
        let _ = decode_gpp_string(&s[..n]);
    }
}

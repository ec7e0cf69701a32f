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

/// The base64url alphabet of GPP segments.
const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The tcfcav1 core segment's bits as '0'/'1', and back (padded with zeros to whole characters).
fn segment_bits(segment: &str) -> String {
    let mut bits = String::new();
    for c in segment.bytes() {
        let v = ABC.iter().position(|&a| a == c).unwrap();
        for k in (0..6).rev() {
            bits.push(if v >> k & 1 == 1 { '1' } else { '0' });
        }
    }
    bits
}

fn bits_segment(bits: &str) -> String {
    let mut padded = bits.to_owned();
    while padded.len() % 6 != 0 {
        padded.push('0');
    }
    let chunks = padded.as_bytes().chunks(6);
    chunks
        .map(|c| {
            char::from(ABC[usize::from_str_radix(std::str::from_utf8(c).unwrap(), 2).unwrap()])
        })
        .collect()
}

#[test]
fn tcfca_pub_restrictions_may_be_absent_but_not_cut_off() {
    // A string @iabgpp/cmpapi refuses (a consent-oracle mutation, seed 207659543): the third of
    // three publisher restrictions declares 4,093 Fibonacci groups that the segment does not hold.
    let corrupt = "DBABDA~BPb9PkUPccKSjJYa86WATW7DmjmqYB13oAAWjGAAAANUAjWAKWgGETVNIDIgCkgAlQ04Bj__vn_v7_t_9-_7_f-8f__Pf93_P_-93f_67__19__P9d__3_9_V2z_v9Fdd7___d1_A.dkWcpmnvRXpEOA.ID6QAqo5J5VpLA";
    assert!(decode_gpp_string(corrupt).is_err());
    // PubRestrictions starts at bit 244 of that core segment (after the two vendor ranges).
    let core = segment_bits(corrupt.split(['~', '.']).nth(1).unwrap());
    // Ended right before it (base64 pads up to 5 bits): absent, so no restrictions.
    let absent = decode_gpp_string(&format!("DBABDA~{}", bits_segment(&core[..244]))).unwrap();
    let s = absent.section("tcfcav1").unwrap();
    assert_eq!(
        s.get("PubRestrictions"),
        Some(&FieldValue::Ranges(Vec::new()))
    );
    assert_eq!(ints(s, "VendorExpressConsent"), [1, 5, 6, 10, 11]);
    // Its count there (3) but its entries cut off: corrupt.
    for cut in [256, 264, 300, 400] {
        assert!(
            decode_gpp_string(&format!("DBABDA~{}", bits_segment(&core[..cut]))).is_err(),
            "{cut}"
        );
    }
}

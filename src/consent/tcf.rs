//! IAB TCF v2 (policy 2.0 – 2.2) TC string decoder: core, disclosed vendors, allowed vendors and
//! publisher TC segments, mirroring `@iabtechlabtcf/core`'s `TCString.decode`.
//!
//! Invariant: hostile input yields `Error::MalformedTcString`, never a panic, and allocation is
//! bounded (vendor ids are 16-bit, sets are bitsets, restriction expansion is capped).

use super::bits::BitReader;
pub use super::facts::PublisherRestriction;
use super::facts::TcfConsents;
use super::idset::IdSet;
use crate::error::{Error, Result};

pub use super::time::iso8601_from_ms;

/// Longest TC string accepted (real strings with every GVL vendor stay far below this).
pub const MAX_TC_STRING_LEN: usize = 64 * 1024;
/// Most vendor ids all publisher restrictions of one string may expand to, summed.
pub const MAX_RESTRICTION_IDS: usize = 4 * 65_536;

/// A decoded TC string, field for field as the reference library's `TCModel`.
/// Every id set is an ascending, deduplicated list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TcModel {
    pub version: u8,
    /// Milliseconds since the Unix epoch (the string stores deciseconds).
    pub created: u64,
    /// Milliseconds since the Unix epoch.
    pub last_updated: u64,
    pub cmp_id: u16,
    pub cmp_version: u16,
    pub consent_screen: u8,
    pub consent_language: String,
    pub vendor_list_version: u16,
    pub policy_version: u8,
    pub is_service_specific: bool,
    /// `UseNonStandardTexts` (TCF v2.2); the same bit is `UseNonStandardStacks` in v2.0.
    pub use_non_standard_texts: bool,
    pub purpose_one_treatment: bool,
    pub publisher_country_code: String,
    pub special_feature_optins: Vec<u16>,
    pub purpose_consents: Vec<u16>,
    pub purpose_legitimate_interests: Vec<u16>,
    pub vendor_consents: Vec<u16>,
    pub vendor_legitimate_interests: Vec<u16>,
    /// Sorted by (purpose_id, restriction_type); restrictions without vendors are dropped.
    pub publisher_restrictions: Vec<PublisherRestriction>,
    pub vendors_disclosed: Vec<u16>,
    pub vendors_allowed: Vec<u16>,
    pub publisher_consents: Vec<u16>,
    pub publisher_legitimate_interests: Vec<u16>,
    pub num_custom_purposes: u8,
    pub publisher_custom_consents: Vec<u16>,
    pub publisher_custom_legitimate_interests: Vec<u16>,
}

impl TcModel {
    /// The legal bases the consent mapping reads.
    pub fn consents(&self) -> TcfConsents {
        TcfConsents {
            purpose_consents: self.purpose_consents.clone(),
            purpose_legitimate_interests: self.purpose_legitimate_interests.clone(),
            vendor_consents: self.vendor_consents.clone(),
            vendor_legitimate_interests: self.vendor_legitimate_interests.clone(),
            publisher_consents: self.publisher_consents.clone(),
            publisher_legitimate_interests: self.publisher_legitimate_interests.clone(),
            publisher_restrictions: self.publisher_restrictions.clone(),
        }
    }
}

fn bad(msg: &'static str) -> Error {
    Error::MalformedTcString(msg)
}

/// Decodes a TC string (`core[.segment]*`). The core segment must come first and be version 2;
/// each optional segment (types 1, 2, 3) may appear at most once.
pub fn decode_tc_string(tc: &str) -> Result<TcModel> {
    if tc.len() > MAX_TC_STRING_LEN {
        return Err(bad("TC string too long"));
    }
    let mut model = TcModel::default();
    let mut seen = [false; 4];
    for (i, segment) in tc.split('.').enumerate() {
        let mut r = BitReader::new(segment).map_err(bad)?;
        if r.is_empty() {
            return Err(bad("empty segment"));
        }
        let kind = r.read(3).map_err(bad)? as usize;
        if (i == 0) != (kind == 0) {
            return Err(bad("the core segment must come first, once"));
        }
        if kind > 3 {
            return Err(bad("unknown segment type"));
        }
        if std::mem::replace(&mut seen[kind], true) {
            return Err(bad("segment repeated"));
        }
        match kind {
            0 => {
                let mut r = BitReader::new(segment).map_err(bad)?;
                decode_core(&mut r, &mut model)?;
            }
            1 => model.vendors_disclosed = vendor_vector(&mut r)?.to_vec(),
            2 => model.vendors_allowed = vendor_vector(&mut r)?.to_vec(),
            _ => decode_publisher_tc(&mut r, &mut model)?,
        }
    }
    Ok(model)
}

fn decode_core(r: &mut BitReader<'_>, m: &mut TcModel) -> Result<()> {
    let int = |r: &mut BitReader<'_>, n| r.read(n).map_err(bad);
    m.version = int(r, 6)? as u8;
    if m.version != 2 {
        return Err(bad("unsupported TC string version"));
    }
    m.created = int(r, 36)? * 100;
    m.last_updated = int(r, 36)? * 100;
    m.cmp_id = int(r, 12)? as u16;
    m.cmp_version = int(r, 12)? as u16;
    m.consent_screen = int(r, 6)? as u8;
    m.consent_language = letters(int(r, 12)?);
    m.vendor_list_version = int(r, 12)? as u16;
    m.policy_version = int(r, 6)? as u8;
    m.is_service_specific = int(r, 1)? == 1;
    m.use_non_standard_texts = int(r, 1)? == 1;
    m.special_feature_optins = fixed_vector(r, 12)?;
    m.purpose_consents = fixed_vector(r, 24)?;
    m.purpose_legitimate_interests = fixed_vector(r, 24)?;
    m.purpose_one_treatment = int(r, 1)? == 1;
    m.publisher_country_code = country_code(int(r, 12)?)?;
    m.vendor_consents = vendor_vector(r)?.to_vec();
    m.vendor_legitimate_interests = vendor_vector(r)?.to_vec();
    m.publisher_restrictions = publisher_restrictions(r)?;
    Ok(())
}

fn decode_publisher_tc(r: &mut BitReader<'_>, m: &mut TcModel) -> Result<()> {
    m.publisher_consents = fixed_vector(r, 24)?;
    m.publisher_legitimate_interests = fixed_vector(r, 24)?;
    m.num_custom_purposes = r.read(6).map_err(bad)? as u8;
    let n = usize::from(m.num_custom_purposes);
    m.publisher_custom_consents = fixed_vector(r, n)?;
    m.publisher_custom_legitimate_interests = fixed_vector(r, n)?;
    Ok(())
}

/// Two 6-bit letters offset from `A` (the reference lib maps every value, even past `Z`).
fn letters(v: u64) -> String {
    [(v >> 6) & 63, v & 63]
        .iter()
        .map(|&c| char::from(b'A' + c as u8))
        .collect()
}

/// The publisher's country: the reference accepts only letters in `[A-z]` (values 0–57) and
/// upper-cases them; any other value makes the string malformed there, so here too.
fn country_code(v: u64) -> Result<String> {
    let code = letters(v);
    if !code.bytes().all(|b| (b'A'..=b'z').contains(&b)) {
        return Err(bad("publisher country code is not two letters"));
    }
    Ok(code.to_ascii_uppercase())
}

/// A bitfield of `n` bits where bit i (from 1) set means id i is in the set.
fn fixed_vector(r: &mut BitReader<'_>, n: usize) -> Result<Vec<u16>> {
    if r.remaining() < n {
        return Err(bad("bitfield truncated"));
    }
    let mut ids = Vec::new();
    for id in 1..=n {
        if r.read_bool().map_err(bad)? {
            ids.push(id as u16);
        }
    }
    Ok(ids)
}

/// MaxVendorId(16) + IsRangeEncoding(1) + bitfield or NumEntries(12) + entries.
pub(crate) fn vendor_vector(r: &mut BitReader<'_>) -> Result<IdSet> {
    let max_id = r.read(16).map_err(bad)? as usize;
    let is_range = r.read_bool().map_err(bad)?;
    let mut set = IdSet::new();
    if !is_range {
        if r.remaining() < max_id {
            return Err(bad("vendor bitfield truncated"));
        }
        for id in 1..=max_id {
            if r.read_bool().map_err(bad)? {
                set.insert(id as u16);
            }
        }
        return Ok(set);
    }
    let entries = r.read(12).map_err(bad)? as usize;
    if entries * 17 > r.remaining() {
        return Err(bad("vendor range entries truncated"));
    }
    for _ in 0..entries {
        let (start, end) = range_entry(r)?;
        if start == 0 && start <= end {
            return Err(bad("vendor id 0"));
        }
        set.insert_range(start, end);
    }
    Ok(set)
}

/// IsARange(1) + StartOrOnlyVendorId(16) [+ EndVendorId(16)].
fn range_entry(r: &mut BitReader<'_>) -> Result<(u16, u16)> {
    let is_range = r.read_bool().map_err(bad)?;
    let start = r.read(16).map_err(bad)? as u16;
    let end = if is_range {
        r.read(16).map_err(bad)? as u16
    } else {
        start
    };
    Ok((start, end))
}

/// NumPubRestrictions(12) + per restriction PurposeId(6) RestrictionType(2) NumEntries(12) entries.
fn publisher_restrictions(r: &mut BitReader<'_>) -> Result<Vec<PublisherRestriction>> {
    let count = r.read(12).map_err(bad)? as usize;
    if count * 20 > r.remaining() {
        return Err(bad("publisher restrictions truncated"));
    }
    // Keyed by purpose (0..64) * 4 + type; merged like the reference lib's hash map.
    let mut sets: Vec<(u16, IdSet)> = Vec::new();
    let mut expanded = 0usize;
    for _ in 0..count {
        let purpose = r.read(6).map_err(bad)? as u16;
        let kind = r.read(2).map_err(bad)? as u16;
        let entries = r.read(12).map_err(bad)? as usize;
        if entries * 17 > r.remaining() {
            return Err(bad("publisher restriction entries truncated"));
        }
        for _ in 0..entries {
            let (start, end) = range_entry(r)?;
            if end < start {
                return Err(bad("restriction range ends before it starts"));
            }
            if purpose == 0 || kind > 2 {
                return Err(bad("invalid publisher restriction"));
            }
            expanded += usize::from(end - start) + 1;
            if expanded > MAX_RESTRICTION_IDS {
                return Err(bad("publisher restrictions too large"));
            }
            let key = purpose * 4 + kind;
            let idx = match sets.iter().position(|(k, _)| *k == key) {
                Some(i) => i,
                None => {
                    sets.push((key, IdSet::new()));
                    sets.len() - 1
                }
            };
            sets[idx].1.insert_range(start, end);
        }
    }
    sets.sort_by_key(|(k, _)| *k);
    Ok(sets
        .into_iter()
        .map(|(key, set)| PublisherRestriction {
            purpose_id: (key / 4) as u8,
            restriction_type: (key % 4) as u8,
            vendors: set.to_vec(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Encoded by @iabtechlabtcf/core 1.5.21 (tests/oracles/consent/generate.mjs, seed 20240601);
    // the values below are what its TCString.decode returns. The oracle test compares thousands more.
    const SAMPLE: &str = "CPa0YdZPbXPINBuAqPEN2tCO8P___0ABEpYgB2QDAACgAKAAcAB2AEoATAB4AFSAK4AZoA1QBwgDsAAAACWgDQABAAWABAAHwATABWAC4AQAAjgBKAFA.IUrQBAI8AfeBFaClYAAA";

    #[test]
    fn decodes_core_and_disclosed_vendors() {
        let m = decode_tc_string(SAMPLE).unwrap();
        assert_eq!(
            (m.version, m.cmp_id, m.cmp_version, m.consent_screen),
            (2, 110, 42, 15)
        );
        assert_eq!(m.created, 1_655_606_664_900);
        assert_eq!(
            iso8601_from_ms(m.last_updated as i64).unwrap(),
            "2022-06-29T16:32:26.900Z"
        );
        assert_eq!(
            (
                m.consent_language.as_str(),
                m.publisher_country_code.as_str()
            ),
            ("EN", "LE")
        );
        assert_eq!((m.vendor_list_version, m.policy_version), (3501, 2));
        assert!(!m.is_service_specific && !m.use_non_standard_texts && m.purpose_one_treatment);
        assert_eq!(m.special_feature_optins, [1, 2, 3, 5, 6, 7, 8]);
        assert_eq!(m.purpose_consents, (1..=24).collect::<Vec<u16>>());
        assert_eq!(m.purpose_legitimate_interests, [2, 16, 20, 23]);
        assert_eq!(
            m.vendor_consents,
            [5, 10, 14, 29, 37, 38, 120, 169, 174, 205, 213, 225, 236]
        );
        assert!(m.vendor_legitimate_interests.is_empty());
        assert_eq!(m.publisher_restrictions.len(), 1);
        let r = &m.publisher_restrictions[0];
        assert_eq!((r.purpose_id, r.restriction_type), (11, 1));
        assert_eq!(r.vendors.len(), 31);
        assert_eq!(m.vendors_disclosed, [1144, 2014, 2221, 2646]);
        assert!(m.vendors_allowed.is_empty() && m.publisher_consents.is_empty());
    }

    #[test]
    fn truncations_error_never_panic() {
        for n in 0..SAMPLE.len() {
            let _ = decode_tc_string(&SAMPLE[..n]);
        }
        assert!(decode_tc_string(&SAMPLE[..40]).is_err());
        assert!(decode_tc_string("").is_err());
        assert!(decode_tc_string("C.").is_err());
    }

    #[test]
    fn rejects_other_versions_and_segment_order() {
        // version 3 ("D") and version 1 ("B") are not v2 strings
        let v3 = format!("D{}", &SAMPLE[1..]);
        assert!(decode_tc_string(&v3).is_err());
        let v1 = format!("B{}", &SAMPLE[1..]);
        assert!(decode_tc_string(&v1).is_err());
        // a disclosed-vendors segment alone is not a TC string
        assert!(decode_tc_string("IAAA").is_err());
    }

    #[test]
    fn letters_map_like_the_reference() {
        assert_eq!(letters((4 << 6) | 13), "EN");
        assert_eq!(letters(63 << 6), "\u{80}A");
    }

    #[test]
    fn country_codes_are_letters_as_the_reference_reads_them() {
        // `[A-z]` as in the reference's setter: `[` … `` ` `` pass, lower case is upper-cased.
        assert_eq!(country_code((3 << 6) | 4).unwrap(), "DE");
        assert_eq!(country_code((26 << 6) | 32).unwrap(), "[A");
        assert_eq!(country_code((33 << 6) | 57).unwrap(), "BZ");
        // 'J}' from a random string the reference refused (seed 93082716).
        assert!(country_code((9 << 6) | 60).is_err());
        assert!(country_code(63).is_err());
    }
}

//! What the consent mappings read from TCF and GPP, whether a string was decoded here or a CMP
//! handed over its own decoding (`__tcfapi` TCData, `__gpp` parsed sections).
//!
//! Invariant: both paths build these same types and go through the same mapping, so the lean
//! browser build (no decoders) and the full build apply one policy.

/// One publisher restriction: vendors whose legal basis for `purpose_id` is overridden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublisherRestriction {
    pub purpose_id: u8,
    /// 0 = not allowed, 1 = require consent, 2 = require legitimate interest.
    pub restriction_type: u8,
    /// Ascending, deduplicated vendor ids.
    pub vendors: Vec<u16>,
}

/// The legal bases a TC string records (ids ascending).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TcfConsents {
    pub purpose_consents: Vec<u16>,
    pub purpose_legitimate_interests: Vec<u16>,
    pub vendor_consents: Vec<u16>,
    pub vendor_legitimate_interests: Vec<u16>,
    pub publisher_consents: Vec<u16>,
    pub publisher_legitimate_interests: Vec<u16>,
    pub publisher_restrictions: Vec<PublisherRestriction>,
}

/// What one GPP section says, as far as the mapping cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GppFacts {
    /// `tcfeuv2`: mapped like a TC string.
    TcfEu(TcfConsents),
    /// `tcfcav1`: express consents only (implied consent is not relied on).
    TcfCa {
        purposes: Vec<u16>,
        vendors: Vec<u16>,
        publisher_purposes: Vec<u16>,
    },
    /// `uspv1` and the US sections: whether the visitor opted out of sale, sharing or targeted
    /// advertising (or sent GPC).
    UsOptOut(bool),
    /// A section tracksafe does not map.
    Other,
}

/// The US section API prefixes (`usnat` and every state section).
pub const US_SECTION_NAMES: [&str; 21] = [
    "usnat", "usca", "usva", "usco", "usut", "usct", "usfl", "usmt", "usor", "ustx", "usde",
    "usia", "usne", "usnh", "usnj", "ustn", "usmn", "usmd", "usin", "usky", "usri",
];

/// The GPP fields whose value 1 means "opted out" in a US section.
pub const US_OPT_OUT_FIELDS: [&str; 3] =
    ["SaleOptOut", "SharingOptOut", "TargetedAdvertisingOptOut"];

/// The ids (from 1) whose flag is set in a GPP boolean list.
pub fn ids_of_bits(bits: &[bool]) -> Vec<u16> {
    let mut ids = Vec::new();
    for (i, &set) in bits.iter().take(usize::from(u16::MAX)).enumerate() {
        if set {
            ids.push((i + 1) as u16);
        }
    }
    ids
}

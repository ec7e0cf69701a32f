//! The static field tables of every GPP section tracksafe decodes (names, widths and order as in
//! the GPP spec and `@iabgpp/cmpapi` 3.2.0).
//!
//! Invariant: data only; each table lists a segment's fields in wire order.

use super::fields::{Field, Kind};

const fn int(name: &'static str, bits: u8) -> Field {
    Field {
        name,
        kind: Kind::Int(bits),
        default: 0,
        soft: false,
    }
}
const fn two(name: &'static str) -> Field {
    int(name, 2)
}
const fn list(name: &'static str, n: u8) -> Field {
    Field {
        name,
        kind: Kind::List(2, n),
        default: 0,
        soft: false,
    }
}
const fn of(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        default: 0,
        soft: false,
    }
}

const VERSION: Field = int("Version", 6);
const SHARING_NOTICE: Field = two("SharingNotice");
const PROCESSING_NOTICE: Field = two("ProcessingNotice");
const SALE_NOTICE: Field = two("SaleOptOutNotice");
const SHARING_OPT_OUT_NOTICE: Field = two("SharingOptOutNotice");
const TA_NOTICE: Field = two("TargetedAdvertisingOptOutNotice");
const SDP_NOTICE: Field = two("SensitiveDataProcessingOptOutNotice");
const SD_LIMIT_NOTICE: Field = two("SensitiveDataLimitUseNotice");
const SALE: Field = two("SaleOptOut");
const SHARING: Field = two("SharingOptOut");
const TA: Field = two("TargetedAdvertisingOptOut");
const KNOWN_CHILD: Field = two("KnownChildSensitiveDataConsents");
const PERSONAL: Field = two("PersonalDataConsents");
const ADDITIONAL: Field = two("AdditionalDataProcessingConsent");
const MSPA_COVERED: Field = two("MspaCoveredTransaction");
const MSPA_OPT_OUT_MODE: Field = two("MspaOptOutOptionMode");
const MSPA_SP_MODE: Field = two("MspaServiceProviderMode");
const MSPA_TAIL: [Field; 3] = [MSPA_COVERED, MSPA_OPT_OUT_MODE, MSPA_SP_MODE];
const fn sdp(n: u8) -> Field {
    list("SensitiveDataProcessing", n)
}
const fn kids(n: u8) -> Field {
    list("KnownChildSensitiveDataConsents", n)
}

/// The optional second segment of a US section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sub {
    None,
    /// `GpcSegmentType`(2) + `Gpc`(1), flagged by `GpcSegmentIncluded`.
    Gpc,
    /// `SensitiveDataProcessing`(8×2), flagged by `SensitiveDataConsentSegmentIncluded`.
    SensitiveData,
}

/// One bit-encoded US section.
pub struct UsSpec {
    pub id: u16,
    pub name: &'static str,
    pub core: &'static [Field],
    pub sub: Sub,
}

pub const GPC_SEGMENT: &[Field] = &[
    Field {
        name: "GpcSegmentType",
        kind: Kind::Int(2),
        default: 1,
        soft: false,
    },
    of("Gpc", Kind::Bool),
];
pub const SENSITIVE_SEGMENT: &[Field] = &[sdp(8)];

pub const USNAT_CORE: &[Field] = &[
    VERSION,
    SHARING_NOTICE,
    SALE_NOTICE,
    SHARING_OPT_OUT_NOTICE,
    TA_NOTICE,
    SDP_NOTICE,
    SD_LIMIT_NOTICE,
    SALE,
    SHARING,
    TA,
    sdp(16),
    kids(3),
    PERSONAL,
    MSPA_COVERED,
    MSPA_OPT_OUT_MODE,
    MSPA_SP_MODE,
];
/// usnat version 1 (60- or 66-bit cores): 12 sensitive categories and 2 child consents.
pub const USNAT_V1_CORE: &[Field] = &[
    VERSION,
    SHARING_NOTICE,
    SALE_NOTICE,
    SHARING_OPT_OUT_NOTICE,
    TA_NOTICE,
    SDP_NOTICE,
    SD_LIMIT_NOTICE,
    SALE,
    SHARING,
    TA,
    sdp(12),
    kids(2),
    PERSONAL,
    MSPA_COVERED,
    MSPA_OPT_OUT_MODE,
    MSPA_SP_MODE,
];

macro_rules! core {
    ($($f:expr),* ; tail) => { &[$($f),*, MSPA_TAIL[0], MSPA_TAIL[1], MSPA_TAIL[2]] };
}

/// Oregon-style core: processing notice, sale and targeted-advertising opt-outs.
macro_rules! processing_core {
    ($sdp:expr, $kids:expr) => {
        core![VERSION, PROCESSING_NOTICE, SALE_NOTICE, TA_NOTICE, SALE, TA, $sdp, $kids, ADDITIONAL; tail]
    };
}

/// MD, IN, KY and RI: `MspaVersion` first, sensitive data (IN, KY, RI) in a sub-segment.
const MSPA_FIRST_CORE: &[Field] = &[
    int("MspaVersion", 6),
    MSPA_COVERED,
    two("MspaMode"),
    PROCESSING_NOTICE,
    SALE_NOTICE,
    TA_NOTICE,
    SALE,
    TA,
    KNOWN_CHILD,
    ADDITIONAL,
];
const USMD_CORE: &[Field] = &[
    int("MspaVersion", 6),
    MSPA_COVERED,
    two("MspaMode"),
    PROCESSING_NOTICE,
    SALE_NOTICE,
    TA_NOTICE,
    SALE,
    TA,
    ADDITIONAL,
];

pub const US_SECTIONS: &[UsSpec] = &[
    UsSpec {
        id: 7,
        name: "usnat",
        core: USNAT_CORE,
        sub: Sub::Gpc,
    },
    UsSpec {
        id: 8,
        name: "usca",
        core: core![VERSION, SALE_NOTICE, SHARING_OPT_OUT_NOTICE, SD_LIMIT_NOTICE, SALE, SHARING, sdp(9), kids(2), PERSONAL; tail],
        sub: Sub::Gpc,
    },
    UsSpec {
        id: 9,
        name: "usva",
        core: core![VERSION, SHARING_NOTICE, SALE_NOTICE, TA_NOTICE, SALE, TA, sdp(8), KNOWN_CHILD; tail],
        sub: Sub::None,
    },
    UsSpec {
        id: 10,
        name: "usco",
        core: core![VERSION, SHARING_NOTICE, SALE_NOTICE, TA_NOTICE, SALE, TA, sdp(7), KNOWN_CHILD; tail],
        sub: Sub::Gpc,
    },
    UsSpec {
        id: 11,
        name: "usut",
        core: core![VERSION, SHARING_NOTICE, SALE_NOTICE, TA_NOTICE, SDP_NOTICE, SALE, TA, sdp(8), KNOWN_CHILD; tail],
        sub: Sub::None,
    },
    UsSpec {
        id: 12,
        name: "usct",
        core: core![VERSION, SHARING_NOTICE, SALE_NOTICE, TA_NOTICE, SALE, TA, sdp(8), kids(3); tail],
        sub: Sub::Gpc,
    },
    UsSpec {
        id: 13,
        name: "usfl",
        core: processing_core!(sdp(8), kids(3)),
        sub: Sub::None,
    },
    UsSpec {
        id: 14,
        name: "usmt",
        core: core![VERSION, SHARING_NOTICE, SALE_NOTICE, TA_NOTICE, SALE, TA, sdp(8), kids(3), ADDITIONAL; tail],
        sub: Sub::Gpc,
    },
    UsSpec {
        id: 15,
        name: "usor",
        core: processing_core!(sdp(11), kids(3)),
        sub: Sub::Gpc,
    },
    UsSpec {
        id: 16,
        name: "ustx",
        core: processing_core!(sdp(8), KNOWN_CHILD),
        sub: Sub::Gpc,
    },
    UsSpec {
        id: 17,
        name: "usde",
        core: processing_core!(sdp(9), kids(5)),
        sub: Sub::Gpc,
    },
    UsSpec {
        id: 18,
        name: "usia",
        core: core![VERSION, PROCESSING_NOTICE, SALE_NOTICE, TA_NOTICE, two("SensitiveDataOptOutNotice"), SALE, TA, sdp(8), KNOWN_CHILD; tail],
        sub: Sub::Gpc,
    },
    UsSpec {
        id: 19,
        name: "usne",
        core: processing_core!(sdp(8), KNOWN_CHILD),
        sub: Sub::Gpc,
    },
    UsSpec {
        id: 20,
        name: "usnh",
        core: processing_core!(sdp(8), kids(3)),
        sub: Sub::Gpc,
    },
    UsSpec {
        id: 21,
        name: "usnj",
        core: processing_core!(sdp(10), kids(5)),
        sub: Sub::Gpc,
    },
    UsSpec {
        id: 22,
        name: "ustn",
        core: processing_core!(sdp(8), KNOWN_CHILD),
        sub: Sub::Gpc,
    },
    UsSpec {
        id: 23,
        name: "usmn",
        core: processing_core!(sdp(8), KNOWN_CHILD),
        sub: Sub::Gpc,
    },
    UsSpec {
        id: 24,
        name: "usmd",
        core: USMD_CORE,
        sub: Sub::Gpc,
    },
    UsSpec {
        id: 25,
        name: "usin",
        core: MSPA_FIRST_CORE,
        sub: Sub::SensitiveData,
    },
    UsSpec {
        id: 26,
        name: "usky",
        core: MSPA_FIRST_CORE,
        sub: Sub::SensitiveData,
    },
    UsSpec {
        id: 27,
        name: "usri",
        core: MSPA_FIRST_CORE,
        sub: Sub::SensitiveData,
    },
];

// ---- tcfcav1 (section 5) ----

const fn bits(name: &'static str, n: u8) -> Field {
    of(name, Kind::Bits(n))
}

pub const TCFCA_CORE: &[Field] = &[
    VERSION,
    of("Created", Kind::Datetime),
    of("LastUpdated", Kind::Datetime),
    int("CmpId", 12),
    int("CmpVersion", 12),
    int("ConsentScreen", 6),
    of("ConsentLanguage", Kind::Str(2)),
    int("VendorListVersion", 12),
    int("TcfPolicyVersion", 6),
    of("UseNonStandardStacks", Kind::Bool),
    bits("SpecialFeatureExpressConsent", 12),
    bits("PurposesExpressConsent", 24),
    bits("PurposesImpliedConsent", 24),
    of("VendorExpressConsent", Kind::OptFibRange),
    of("VendorImpliedConsent", Kind::OptFibRange),
    Field {
        name: "PubRestrictions",
        kind: Kind::FibRanges,
        default: 0,
        soft: true,
    },
];
pub const TCFCA_PUB_PURPOSES: &[Field] = &[
    Field {
        name: "PubPurposesSegmentType",
        kind: Kind::Int(3),
        default: 3,
        soft: false,
    },
    bits("PubPurposesExpressConsent", 24),
    bits("PubPurposesImpliedConsent", 24),
    int("NumCustomPurposes", 6),
    of("CustomPurposesExpressConsent", Kind::FlexBits),
    of("CustomPurposesImpliedConsent", Kind::FlexBits),
];
pub const TCFCA_DISCLOSED: &[Field] = &[
    Field {
        name: "DisclosedVendorsSegmentType",
        kind: Kind::Int(3),
        default: 1,
        soft: false,
    },
    of("DisclosedVendors", Kind::OptFibRange),
];

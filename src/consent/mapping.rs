//! Turns each decoded signal (TCF, GPP, Consent Mode) into what it says about the four purposes.
//!
//! Invariant: a mapping only grants a purpose when the signal positively grants everything the
//! purpose needs; it answers `None` only where the signal truly says nothing.

use super::gpp::{FieldValue, GppString};
use super::{Purpose, PurposeSignal, TcModel};

/// TCF purposes each tracksafe purpose needs, all of them (see docs/consent-mapping.md).
pub const TCF_ANALYTICS: &[u16] = &[1, 8, 9];
pub const TCF_MARKETING: &[u16] = &[1, 2, 3, 4, 7];
pub const TCF_PREFERENCES: &[u16] = &[1, 5, 6];
/// TCF v2.2 allows legitimate interest only for these purposes (never 1, 3, 4, 5, 6).
pub const TCF_LI_ALLOWED: &[u16] = &[2, 7, 8, 9, 10, 11];

/// Whom a TC string must grant: a GVL vendor, or the publisher itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TcfSubject {
    Vendor(u16),
    Publisher,
}

/// Whether the TC string establishes a legal basis for `purpose` for `subject`.
fn tcf_purpose(m: &TcModel, subject: TcfSubject, purpose: u16) -> bool {
    let li_ok = TCF_LI_ALLOWED.contains(&purpose);
    match subject {
        TcfSubject::Publisher => {
            m.publisher_consents.contains(&purpose)
                || (li_ok && m.publisher_legitimate_interests.contains(&purpose))
        }
        TcfSubject::Vendor(v) => {
            let restriction = m
                .publisher_restrictions
                .iter()
                .filter(|r| u16::from(r.purpose_id) == purpose && r.vendors.contains(&v))
                .map(|r| r.restriction_type)
                .min(); // 0 (not allowed) is the strictest
            let consent = m.purpose_consents.contains(&purpose) && m.vendor_consents.contains(&v);
            let li = li_ok
                && m.purpose_legitimate_interests.contains(&purpose)
                && m.vendor_legitimate_interests.contains(&v);
            match restriction {
                Some(0) => false,
                Some(1) => consent,
                Some(2) => li,
                _ => consent || li,
            }
        }
    }
}

/// What a decoded TC string says. It always speaks to all four purposes; saleOfData follows
/// marketing (TCF has no sale purpose).
pub fn from_tcf(m: &TcModel, subject: TcfSubject) -> PurposeSignal {
    let all = |ps: &[u16]| ps.iter().all(|&p| tcf_purpose(m, subject, p));
    let marketing = all(TCF_MARKETING);
    PurposeSignal {
        analytics: Some(all(TCF_ANALYTICS)),
        marketing: Some(marketing),
        preferences: Some(all(TCF_PREFERENCES)),
        sale_of_data: Some(marketing),
    }
}

/// Canada's TCF: express consent only (implied consent is not relied on).
fn from_tcfca(fields: &super::gpp::GppSection, subject: TcfSubject) -> PurposeSignal {
    let bits = |name: &str, i: u16| match fields.get(name) {
        Some(FieldValue::BoolList(b)) => b.get(usize::from(i) - 1).copied().unwrap_or(false),
        _ => false,
    };
    let has_vendor = |v: u16| match fields.get("VendorExpressConsent") {
        Some(FieldValue::IntList(ids)) => ids.contains(&u64::from(v)),
        _ => false,
    };
    let ok = |p: u16| match subject {
        TcfSubject::Publisher => bits("PubPurposesExpressConsent", p),
        TcfSubject::Vendor(v) => bits("PurposesExpressConsent", p) && has_vendor(v),
    };
    let all = |ps: &[u16]| ps.iter().all(|&p| ok(p));
    let marketing = all(TCF_MARKETING);
    PurposeSignal {
        analytics: Some(all(TCF_ANALYTICS)),
        marketing: Some(marketing),
        preferences: Some(all(TCF_PREFERENCES)),
        sale_of_data: Some(marketing),
    }
}

/// What a GPP string says: US opt-outs (Sale, Sharing, TargetedAdvertising = 1, or Gpc) deny
/// saleOfData and marketing and never grant anything; uspv1 `OptOutSale = Y` likewise; the
/// TCF sections map as TCF does (without a configured subject they deny everything).
pub fn from_gpp(g: &GppString, subject: Option<TcfSubject>) -> PurposeSignal {
    let mut out = PurposeSignal::default();
    let mut merge = |s: PurposeSignal| {
        for p in Purpose::ALL {
            if let Some(v) = s.get(p) {
                out.and(p, v);
            }
        }
    };
    for section in &g.sections {
        match section.name {
            "tcfeuv2" => match (section.get("TcModel"), subject) {
                (Some(FieldValue::Tcf(m)), Some(s)) => merge(from_tcf(m, s)),
                _ => merge(PurposeSignal::all(false)),
            },
            "tcfcav1" => match subject {
                Some(s) => merge(from_tcfca(section, s)),
                None => merge(PurposeSignal::all(false)),
            },
            "uspv1" => {
                if section.get("OptOutSale") == Some(&FieldValue::Str("Y".into())) {
                    merge(opted_out());
                }
            }
            _ => {
                let opted = ["SaleOptOut", "SharingOptOut", "TargetedAdvertisingOptOut"]
                    .iter()
                    .any(|f| section.int(f) == Some(1))
                    || section.bool("Gpc") == Some(true);
                if opted {
                    merge(opted_out());
                }
            }
        }
    }
    out
}

/// An opt-out of sale/sharing or targeted advertising: denies saleOfData and marketing.
pub fn opted_out() -> PurposeSignal {
    PurposeSignal {
        marketing: Some(false),
        sale_of_data: Some(false),
        ..PurposeSignal::default()
    }
}

/// Google Consent Mode v2 values: only the exact string `granted` grants.
fn granted(v: Option<&str>) -> Option<bool> {
    v.map(|s| s == "granted")
}

/// Consent Mode: analytics_storage → analytics; marketing needs ad_storage, ad_user_data and
/// ad_personalization all granted (any of them missing while another is set denies); a
/// marketing denial also denies saleOfData; preferences is not covered.
pub fn from_consent_mode(
    analytics_storage: Option<&str>,
    ad_storage: Option<&str>,
    ad_user_data: Option<&str>,
    ad_personalization: Option<&str>,
) -> PurposeSignal {
    let ads = [ad_storage, ad_user_data, ad_personalization];
    let marketing = if ads.iter().all(Option::is_none) {
        None
    } else {
        Some(ads.iter().all(|v| granted(*v) == Some(true)))
    };
    PurposeSignal {
        analytics: granted(analytics_storage),
        marketing,
        preferences: None,
        sale_of_data: marketing.filter(|m| !m),
    }
}

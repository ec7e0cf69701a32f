//! Turns each decoded signal (TCF, GPP, Consent Mode) into what it says about the four purposes.
//!
//! Invariant: a mapping only grants a purpose when the signal positively grants everything the
//! purpose needs; it answers `None` only where the signal truly says nothing.

// The TCF and GPP mappings exist where facts can: a build that decodes strings or reads a CMP's
// handover (the script tag's lean wasm does neither).
#[cfg(any(feature = "decoders", feature = "extended"))]
use super::facts::{GppFacts, TcfConsents};
use super::PurposeSignal;
#[cfg(any(feature = "decoders", feature = "extended"))]
use {super::Purpose, crate::text::includes};

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

/// Whether the TC data establish a legal basis for `purpose` for `subject`.
#[cfg(any(feature = "decoders", feature = "extended"))]
fn tcf_purpose(m: &TcfConsents, subject: TcfSubject, purpose: u16) -> bool {
    let li_ok = includes(TCF_LI_ALLOWED, purpose);
    match subject {
        TcfSubject::Publisher => {
            includes(&m.publisher_consents, purpose)
                || (li_ok && includes(&m.publisher_legitimate_interests, purpose))
        }
        TcfSubject::Vendor(v) => {
            // The strictest restriction on this vendor and purpose: 0 (not allowed) is the
            // strictest.
            let mut restriction: Option<u8> = None;
            for r in &m.publisher_restrictions {
                if u16::from(r.purpose_id) == purpose && includes(&r.vendors, v) {
                    restriction =
                        Some(restriction.map_or(r.restriction_type, |x| x.min(r.restriction_type)));
                }
            }
            let consent = includes(&m.purpose_consents, purpose) && includes(&m.vendor_consents, v);
            let li = li_ok
                && includes(&m.purpose_legitimate_interests, purpose)
                && includes(&m.vendor_legitimate_interests, v);
            match restriction {
                Some(0) => false,
                Some(1) => consent,
                Some(2) => li,
                _ => consent || li,
            }
        }
    }
}

/// The four purposes from a per-TCF-purpose test; saleOfData follows marketing (TCF has no
/// sale purpose).
/// (`dyn`: one copy for the TCF and the GPP callers in the page's wasm.)
#[cfg(any(feature = "decoders", feature = "extended"))]
fn tcf_purposes(ok: &dyn Fn(u16) -> bool) -> PurposeSignal {
    let all = |ps: &[u16]| {
        for &p in ps {
            if !ok(p) {
                return false;
            }
        }
        true
    };
    let marketing = all(TCF_MARKETING);
    PurposeSignal {
        analytics: Some(all(TCF_ANALYTICS)),
        marketing: Some(marketing),
        preferences: Some(all(TCF_PREFERENCES)),
        sale_of_data: Some(marketing),
    }
}

/// What TC data say for `subject`. It always speaks to all four purposes.
#[cfg(any(feature = "decoders", feature = "extended"))]
pub fn from_tcf(m: &TcfConsents, subject: TcfSubject) -> PurposeSignal {
    tcf_purposes(&|p| tcf_purpose(m, subject, p))
}

/// What TC data say for every configured subject (all must grant); with none configured,
/// everything is denied (we cannot tell whether *we* may act).
#[cfg(any(feature = "decoders", feature = "extended"))]
pub fn from_tcf_subjects(m: &TcfConsents, subjects: &[TcfSubject]) -> PurposeSignal {
    if subjects.is_empty() {
        return PurposeSignal::all(false);
    }
    let mut out = PurposeSignal::default();
    for s in subjects {
        merge(&mut out, from_tcf(m, *s));
    }
    out
}

/// Adds every answer of `s` to `out` (a denial is never lifted).
#[cfg(any(feature = "decoders", feature = "extended"))]
pub fn merge(out: &mut PurposeSignal, s: PurposeSignal) {
    for &p in &Purpose::ALL {
        if let Some(v) = s.get(p) {
            out.and(p, v);
        }
    }
}

/// What GPP sections say: US opt-outs (and uspv1 `OptOutSale = Y`) deny saleOfData and
/// marketing and never grant anything; the TCF sections map as TCF does for every configured
/// subject (without one they deny everything); tcfcav1 counts express consent only.
#[cfg(any(feature = "decoders", feature = "extended"))]
pub fn from_gpp(sections: &[GppFacts], subjects: &[TcfSubject]) -> PurposeSignal {
    let mut out = PurposeSignal::default();
    for section in sections {
        match section {
            GppFacts::TcfEu(m) => merge(&mut out, from_tcf_subjects(m, subjects)),
            GppFacts::TcfCa {
                purposes,
                vendors,
                publisher_purposes,
            } => {
                if subjects.is_empty() {
                    merge(&mut out, PurposeSignal::all(false));
                }
                for s in subjects {
                    merge(
                        &mut out,
                        tcf_purposes(&|p| match s {
                            TcfSubject::Publisher => includes(publisher_purposes, p),
                            TcfSubject::Vendor(v) => includes(purposes, p) && includes(vendors, *v),
                        }),
                    );
                }
            }
            GppFacts::UsOptOut(true) => merge(&mut out, opted_out()),
            GppFacts::UsOptOut(false) | GppFacts::Other => {}
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

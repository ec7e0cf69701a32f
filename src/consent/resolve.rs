//! Resolves every consent signal into one decision per purpose, and names the deciding source.
//!
//! Invariant: fail closed. No signal, an unknown value or an undecodable string never grants;
//! when several signals speak to a purpose the AND wins; GPC and GPP opt-outs always deny
//! saleOfData and marketing; only an opt-out region's default grants without a signal.

use super::cookies::{parse_consent_cookies, CookieOptions};
#[cfg(any(feature = "decoders", feature = "extended"))]
use super::facts::{GppFacts, TcfConsents};
use super::handover::Handover;
use super::mapping::{from_consent_mode, opted_out, TcfSubject};
use super::{Purpose, PurposeSignal, Purposes};

/// Google Consent Mode v2 state; values are `"granted"` or `"denied"` (anything else denies).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsentMode {
    pub analytics_storage: Option<String>,
    pub ad_storage: Option<String>,
    pub ad_user_data: Option<String>,
    pub ad_personalization: Option<String>,
}

/// What a CMP's own TCF decoding hands over: the facts, in a build that reads them.
#[cfg(any(feature = "decoders", feature = "extended"))]
pub type TcfData = TcfConsents;
/// What a CMP's own GPP decoding hands over: the sections' facts, in a build that reads them.
#[cfg(any(feature = "decoders", feature = "extended"))]
pub type GppData = Vec<GppFacts>;
/// The lean wasm reads no CMP's decoding (it refuses `tcData` and `gppData`) and decodes no
/// string: its handovers are only ever `Pending`, so they carry no facts, and a `Signals` has
/// none to drop (their drop code would be dead weight in the page's wasm).
#[cfg(not(any(feature = "decoders", feature = "extended")))]
pub type TcfData = core::convert::Infallible;
#[cfg(not(any(feature = "decoders", feature = "extended")))]
pub type GppData = core::convert::Infallible;

/// Everything known about a visitor's choices; every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signals {
    /// A TCF v2 TC string (from `__tcfapi`); empty means "GDPR does not apply" (no signal).
    pub tc_string: Option<String>,
    /// A GPP string (from `__gpp`).
    pub gpp_string: Option<String>,
    /// Global Privacy Control (`navigator.globalPrivacyControl`, `Sec-GPC: 1`).
    pub gpc: Option<bool>,
    /// Shopify Customer Privacy API (`analyticsProcessingAllowed()` …).
    pub shopify: Option<PurposeSignal>,
    pub consent_mode: Option<ConsentMode>,
    /// A `Cookie` header (or `document.cookie`).
    pub cookies: Option<String>,
    /// The shop's own `setConsent()`.
    pub manual: Option<PurposeSignal>,
    /// ISO 3166 country, optionally with a subdivision: `"DE"`, `"US-CA"`, `"GB"`.
    pub region: Option<String>,
    /// TCF data the page's CMP decoded itself (`__tcfapi` TCData). When present it is the TCF
    /// signal: `tc_string` and the `euconsent-v2` cookie are then only carried, not read.
    pub tcf_data: Option<Handover<TcfData>>,
    /// GPP sections the page's CMP decoded itself (`__gpp` parsedSections). When present it is
    /// the GPP signal and `gpp_string` is only carried.
    pub gpp_data: Option<Handover<GppData>>,
}

impl Signals {
    /// Whether a CMP that is present has not reached a final state yet.
    pub fn pending(&self) -> bool {
        self.tcf_data == Some(Handover::Pending) || self.gpp_data == Some(Handover::Pending)
    }
}

/// How signals are read and which regions default to what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentOptions {
    /// The shop's analytics vendor's GVL id: TCF grants need this vendor's consent or LI.
    pub tcf_vendor_id: Option<u16>,
    /// Read the TCF publisher segment (publisher consents / LI) instead of, or as well as, a
    /// vendor. With neither set, a TC string denies everything.
    pub tcf_publisher_mode: bool,
    /// Regions where everything is denied until consent. Default: the EEA, GB and CH.
    pub opt_in_regions: Vec<String>,
    /// Regions where everything is allowed until an opt-out (`"US"` also covers `"US-XX"`).
    /// Default: `["US"]`. A region in both lists is opt-in; an unknown region is opt-in.
    pub opt_out_regions: Vec<String>,
    pub cookies: CookieOptions,
}

/// The EEA (EU, Iceland, Liechtenstein, Norway) plus the United Kingdom and Switzerland.
pub const DEFAULT_OPT_IN_REGIONS: [&str; 32] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "GB", "CH",
];

impl Default for ConsentOptions {
    fn default() -> Self {
        ConsentOptions {
            tcf_vendor_id: None,
            tcf_publisher_mode: false,
            opt_in_regions: crate::text::owned(&DEFAULT_OPT_IN_REGIONS),
            opt_out_regions: crate::text::owned(&["US"]),
            cookies: CookieOptions::default(),
        }
    }
}

/// Which source decided each purpose: a signal name, `"region"` (an opt-out region's default
/// grant) or `"none"` (no signal, denied).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sources {
    pub analytics: &'static str,
    pub marketing: &'static str,
    pub preferences: &'static str,
    pub sale_of_data: &'static str,
}

impl Sources {
    /// The deciding source for `purpose`.
    pub const fn get(&self, purpose: Purpose) -> &'static str {
        // An index in `Purpose::ALL` order, not a match per field (as `PurposeSignal::get`).
        [
            self.analytics,
            self.marketing,
            self.preferences,
            self.sale_of_data,
        ][purpose as usize]
    }
}

/// The decision and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolution {
    pub purposes: Purposes,
    pub sources: Sources,
}

/// Whether a region denies or allows until the visitor says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionRule {
    OptIn,
    OptOut,
}

/// The rule for `region`; missing, unknown or listed in both lists means opt-in.
pub fn region_rule(region: Option<&str>, options: &ConsentOptions) -> RegionRule {
    let Some(region) = region.map(|r| crate::text::trim(r).as_bytes()) else {
        return RegionRule::OptIn;
    };
    // Case-insensitive, without upper-cased copies: `US-CA` is in a list that holds `us`.
    let matches = |list: &[String]| {
        let mut found = false;
        for entry in list {
            let entry = crate::text::trim(entry).as_bytes();
            let n = entry.len();
            found |= n > 0
                && (region.eq_ignore_ascii_case(entry)
                    || (!crate::text::includes(entry, b'-')
                        && region.len() > n
                        && region[n] == b'-'
                        && region[..n].eq_ignore_ascii_case(entry)));
        }
        found
    };
    if matches(&options.opt_in_regions) || !matches(&options.opt_out_regions) {
        RegionRule::OptIn
    } else {
        RegionRule::OptOut
    }
}

/// The TCF legal bases of a TC string; `None` when it cannot be decoded (or, in a build without
/// the `decoders` feature, cannot be decoded here at all).
#[cfg(feature = "decoders")]
fn decode_tcf(tc: &str) -> Option<TcfConsents> {
    super::decode_tc_string(tc).ok().map(|m| m.consents())
}
#[cfg(not(feature = "decoders"))]
fn decode_tcf(_tc: &str) -> Option<TcfData> {
    None
}

/// The facts of every section of a GPP string; `None` when it cannot be decoded here.
#[cfg(feature = "decoders")]
fn decode_gpp(gpp: &str) -> Option<Vec<GppFacts>> {
    super::decode_gpp_string(gpp).ok().map(|g| g.facts())
}
#[cfg(not(feature = "decoders"))]
fn decode_gpp(_gpp: &str) -> Option<GppData> {
    None
}

/// What TCF facts say for the configured subject(s).
#[cfg(any(feature = "decoders", feature = "extended"))]
fn tcf_facts_signal(m: &TcfConsents, options: &ConsentOptions) -> PurposeSignal {
    super::mapping::from_tcf_subjects(m, &tcf_subjects(options))
}
/// What GPP facts say for the configured subject(s).
#[cfg(any(feature = "decoders", feature = "extended"))]
fn gpp_facts_signal(f: &[GppFacts], options: &ConsentOptions) -> PurposeSignal {
    super::mapping::from_gpp(f, &tcf_subjects(options))
}
// A build with neither feature (the script tag's lean wasm) decodes no TC or GPP string and reads
// no CMP's handover, so it never holds TCF or GPP facts: the mappings (and the subjects they
// read) are left out, and these stand-ins cannot be called (their facts type has no values).
#[cfg(not(any(feature = "decoders", feature = "extended")))]
fn tcf_facts_signal(m: &TcfData, _options: &ConsentOptions) -> PurposeSignal {
    match *m {}
}
#[cfg(not(any(feature = "decoders", feature = "extended")))]
fn gpp_facts_signal(f: &GppData, _options: &ConsentOptions) -> PurposeSignal {
    match *f {}
}

/// What a TC string says given the configured subject(s); unconfigured or undecodable denies all.
fn tcf_signal(tc: &str, options: &ConsentOptions) -> PurposeSignal {
    match decode_tcf(tc) {
        Some(m) => tcf_facts_signal(&m, options),
        None => PurposeSignal::all(false),
    }
}

/// Whom a TC string must grant. Only the mappings read this: the lean build (see above) leaves
/// it unused, and `TcfSubject` with it.
#[cfg_attr(not(any(feature = "decoders", feature = "extended")), allow(dead_code))]
fn tcf_subjects(options: &ConsentOptions) -> Vec<TcfSubject> {
    let mut v = Vec::new();
    if let Some(id) = options.tcf_vendor_id {
        v.push(TcfSubject::Vendor(id));
    }
    if options.tcf_publisher_mode {
        v.push(TcfSubject::Publisher);
    }
    v
}

/// A CMP handover as a signal: `None` while pending or not applicable, all denied on failure.
fn handover<T>(h: &Handover<T>, map: impl FnOnce(&T) -> PurposeSignal) -> Option<PurposeSignal> {
    match h {
        Handover::Data(d) => Some(map(d)),
        Handover::Failed => Some(PurposeSignal::all(false)),
        Handover::Pending | Handover::NotApplicable => None,
    }
}

/// Every signal present, in precedence order (the order only picks the reported source).
pub fn collect(signals: &Signals, options: &ConsentOptions) -> Vec<(&'static str, PurposeSignal)> {
    let mut out = Vec::new();
    if signals.gpc == Some(true) {
        out.push(("gpc", opted_out()));
    }
    if let Some(data) = &signals.gpp_data {
        if let Some(s) = handover(data, |f| gpp_facts_signal(f, options)) {
            out.push(("gpp", s));
        }
    } else if let Some(gpp) = &signals.gpp_string {
        let s =
            decode_gpp(gpp).map_or(PurposeSignal::all(false), |f| gpp_facts_signal(&f, options));
        out.push(("gpp", s));
    }
    if let Some(data) = &signals.tcf_data {
        if let Some(s) = handover(data, |m| tcf_facts_signal(m, options)) {
            out.push(("tcf", s));
        }
    } else if let Some(tc) = &signals.tc_string {
        // An empty string is no signal. (Tested here, not by `as_deref().filter(…)`: no
        // adapter calls in the page's wasm.)
        if !crate::text::trim(tc).is_empty() {
            out.push(("tcf", tcf_signal(tc, options)));
        }
    }
    if let Some(m) = signals.manual {
        out.push(("manual", m));
    }
    if let Some(s) = signals.shopify {
        out.push(("shopify", s));
    }
    if let Some(cm) = &signals.consent_mode {
        let s = from_consent_mode(
            cm.analytics_storage.as_deref(),
            cm.ad_storage.as_deref(),
            cm.ad_user_data.as_deref(),
            cm.ad_personalization.as_deref(),
        );
        out.push(("consentMode", s));
    }
    if let Some(header) = &signals.cookies {
        let found = parse_consent_cookies(header, &options.cookies);
        if let (Some(tc), None) = (&found.tc_string, &signals.tcf_data) {
            if !crate::text::trim(tc).is_empty() {
                out.push(("cookie:euconsent-v2", tcf_signal(tc, options)));
            }
        }
        // Walked by reference: a `Vec`'s by-value iterator has drop code of its own.
        for c in &found.signals {
            // The source is one of the three CMP cookies' names, whose first bytes differ.
            let name = match c.source.as_bytes().first() {
                Some(b'O') => "cookie:OptanonConsent",
                Some(b'C') => "cookie:CookieConsent",
                _ => "cookie:_tracking_consent",
            };
            out.push((name, c.purposes));
        }
    }
    out
}

/// Resolves all signals into one decision per purpose (see docs/consent-mapping.md).
pub fn resolve(signals: &Signals, options: &ConsentOptions) -> Resolution {
    let region = region_rule(signals.region.as_deref(), options);
    resolve_collected(&collect(signals, options), region)
}

/// [`resolve`] from the signals already collected and the region's rule.
fn resolve_collected(
    collected: &[(&'static str, PurposeSignal)],
    region: RegionRule,
) -> Resolution {
    // Built in `Purpose::ALL` order, then named (no per-field `set`).
    let mut granted = [false; 4];
    let mut source = ["none"; 4];
    for &p in &Purpose::ALL {
        // The first signal that denies, else the first that grants (one loop, not two finds).
        let (mut denier, mut granter) = (None, None);
        for (name, s) in collected {
            match s.get(p) {
                Some(false) if denier.is_none() => denier = Some(*name),
                Some(true) if granter.is_none() => granter = Some(*name),
                _ => {}
            }
        }
        let (allowed, name) = match (denier, granter) {
            (Some(name), _) => (false, name),
            (None, Some(name)) => (true, name),
            (None, None) if region == RegionRule::OptOut => (true, "region"),
            (None, None) => (false, "none"),
        };
        (granted[p as usize], source[p as usize]) = (allowed, name);
    }
    let purposes = Purposes::from_array(granted);
    let [analytics, marketing, preferences, sale_of_data] = source;
    let sources = Sources {
        analytics,
        marketing,
        preferences,
        sale_of_data,
    };
    Resolution { purposes, sources }
}

/// The purposes no signal present denies (region defaults and silence aside): what the edge
/// may still allow of a client's claim after reading the signals it can see itself.
pub fn not_denied(signals: &Signals, options: &ConsentOptions) -> Purposes {
    let collected = collect(signals, options);
    let mut allowed = [false; 4];
    for &p in &Purpose::ALL {
        allowed[p as usize] = collected.iter().all(|(_, s)| s.get(p) != Some(false));
    }
    Purposes::from_array(allowed)
}

/// Whether the signals are enough for a browser to take a decision: no CMP is still pending, and
/// some signal other than GPC (which speaks only to marketing and sale) said something, or the
/// region is an opt-out region. Until then events wait in memory and nothing is stored.
pub fn decisive(signals: &Signals, options: &ConsentOptions) -> bool {
    decide(signals, options).is_some()
}

/// [`resolve`] when the signals are [`decisive`], else `None`: the signals collected once (a
/// cookie header is parsed once), not once to decide and again to resolve.
pub fn decide(signals: &Signals, options: &ConsentOptions) -> Option<Resolution> {
    if signals.pending() {
        return None;
    }
    let collected = collect(signals, options);
    // A signal that says something about some purpose: not the silent default. (A missing
    // region's rule is opt-in.)
    let region = region_rule(signals.region.as_deref(), options);
    let spoke = collected
        .iter()
        .any(|(name, s)| *name != "gpc" && *s != PurposeSignal::default());
    if !spoke && region == RegionRule::OptIn {
        return None;
    }
    Some(resolve_collected(&collected, region))
}

#[cfg(all(test, feature = "decoders"))]
mod tests;

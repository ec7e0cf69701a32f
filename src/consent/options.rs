//! Consent options from their camelCase JSON form, shared by `resolveConsent`, the tracker's
//! `consent` option and the collector's `consent` option.
//!
//! Invariant: strict. An unknown key, a wrong type, an unknown purpose or signal source is
//! `INVALID_OPTIONS`; nothing is silently defaulted when the caller said something.

use super::resolve::ConsentOptions;
use super::Purpose;
use crate::config::OptionReader;
use crate::error::{Error, Result};
use crate::json::Value;
use crate::text::cat;

/// Keys of the consent options object (`resolveConsent`, the collector).
pub const CONSENT_OPTION_KEYS: &[&str] = &[
    "tcfVendorId",
    "tcfPublisherMode",
    "optInRegions",
    "optOutRegions",
    "oneTrustGroups",
    "cookiebotCategories",
];

/// Keys of the tracker's `consent` option: the above plus the page's region and the signal
/// sources the browser reads.
pub const BROWSER_CONSENT_OPTION_KEYS: &[&str] = &[
    "tcfVendorId",
    "tcfPublisherMode",
    "optInRegions",
    "optOutRegions",
    "oneTrustGroups",
    "cookiebotCategories",
    "region",
    "sources",
];

/// The signal sources a browser can read.
pub const BROWSER_SOURCES: &[&str] = &["tcf", "gpp", "gpc", "shopify", "consentMode", "cookies"];

/// Reads the shared consent options out of `r` (made with one of the key lists above).
pub fn read_consent_options(r: &OptionReader<'_>) -> Result<ConsentOptions> {
    let mut o = ConsentOptions::default();
    // Read once: absent reads as 0, which a present value (1 or more) never is.
    let id = r.int("tcfVendorId", 1, 65_535, 0)? as u16;
    o.tcf_vendor_id = (id != 0).then_some(id);
    o.tcf_publisher_mode = r.bool("tcfPublisherMode", false)?;
    if let Some(list) = r.strings("optInRegions")? {
        o.opt_in_regions = list;
    }
    if let Some(list) = r.strings("optOutRegions")? {
        o.opt_out_regions = list;
    }
    if let Some(map) = r.raw("oneTrustGroups") {
        remap(
            &mut o.cookies.onetrust_groups,
            map,
            "consent.oneTrustGroups",
        )?;
    }
    if let Some(map) = r.raw("cookiebotCategories") {
        remap(
            &mut o.cookies.cookiebot_categories,
            map,
            "consent.cookiebotCategories",
        )?;
    }
    Ok(o)
}

/// Parses a standalone consent options object (`null` or absent = all defaults).
pub fn parse_consent_options(v: Option<&Value>, what: &'static str) -> Result<ConsentOptions> {
    read_consent_options(&OptionReader::new(what, v, CONSENT_OPTION_KEYS)?)
}

/// `{ purpose: "group" | ["group", …] }`: each purpose named replaces its default groups (all of
/// them are then needed); purposes not named keep theirs.
#[cfg(feature = "extended")]
fn remap(map: &mut Vec<(String, Purpose)>, v: &Value, what: &str) -> Result<()> {
    let bad = |m: String| Error::InvalidOptions(cat!(what, ": ", m));
    let members = v
        .as_object()
        .ok_or_else(|| bad("must be an object of purpose → group ids".into()))?;
    for (name, groups) in members {
        let purpose = Purpose::from_name(name).ok_or_else(|| {
            bad(cat!(
                "unknown purpose ",
                crate::json::quoted(name),
                " (known: analytics, marketing, preferences, saleOfData)"
            ))
        })?;
        let not_strings = || bad(cat!(name, " must be a string or an array of strings"));
        let items = match groups {
            Value::String(_) => core::slice::from_ref(groups),
            Value::Array(items) => items.as_slice(),
            _ => return Err(not_strings()),
        };
        // Plain loops, not `collect::<Option<_>>()` (its adapter costs the page's wasm more).
        let mut ids = Vec::with_capacity(items.len());
        let mut blank = false;
        for item in items {
            let id = item.as_str().ok_or_else(not_strings)?;
            blank |= crate::text::trim(id).is_empty();
            ids.push((id.to_owned(), purpose));
        }
        if ids.is_empty() || blank {
            return Err(bad(cat!(name, " needs at least one non-empty group id")));
        }
        map.retain(|(_, p)| *p != purpose);
        map.append(&mut ids);
    }
    Ok(())
}

/// Without `extended` (the script tag's smaller lean wasm) group ids are refused.
#[cfg(not(feature = "extended"))]
fn remap(_map: &mut Vec<(String, Purpose)>, _v: &Value, what: &str) -> Result<()> {
    Err(Error::InvalidOptions(crate::config::not_in_this_build(
        what,
    )))
}

/// The tracker's `consent` option: shared options, the page's region, and the sources read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserConsentOptions {
    pub options: ConsentOptions,
    pub region: Option<String>,
    pub sources: Vec<&'static str>,
}

impl Default for BrowserConsentOptions {
    fn default() -> Self {
        BrowserConsentOptions {
            options: ConsentOptions::default(),
            region: None,
            sources: BROWSER_SOURCES.to_vec(),
        }
    }
}

/// Parses the tracker's `consent` option.
pub fn parse_browser_consent_options(v: Option<&Value>) -> Result<BrowserConsentOptions> {
    let r = OptionReader::new("options.consent", v, BROWSER_CONSENT_OPTION_KEYS)?;
    let sources = match r.strings("sources")? {
        None => BROWSER_SOURCES.to_vec(),
        Some(list) => {
            // A loop, not a `collect::<Result<_>>()` (its adapter costs the page's wasm more).
            let mut sources = Vec::with_capacity(list.len());
            for s in &list {
                let Some(&known) = BROWSER_SOURCES.iter().find(|&&k| k == s) else {
                    return Err(Error::InvalidOptions(cat!(
                        "options.consent.sources: unknown source ",
                        crate::json::quoted(s),
                        " (known: ",
                        crate::text::join(BROWSER_SOURCES, ", "),
                        ")"
                    )));
                };
                sources.push(known);
            }
            sources
        }
    };
    Ok(BrowserConsentOptions {
        options: read_consent_options(&r)?,
        region: r.string("region")?.map(str::to_owned),
        sources,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses_strictly() {
        let v = Value::parse(
            r#"{"tcfVendorId":755,"tcfPublisherMode":true,"optOutRegions":["US","CA"]}"#,
        )
        .unwrap();
        let o = parse_consent_options(Some(&v), "options").unwrap();
        assert_eq!(o.tcf_vendor_id, Some(755));
        assert!(o.tcf_publisher_mode);
        assert_eq!(o.opt_out_regions, ["US", "CA"]);
        for bad in [
            r#"{"tcfVendorID":1}"#,
            r#"{"tcfVendorId":0}"#,
            r#"{"tcfVendorId":"755"}"#,
            r#"{"oneTrustGroups":{"analytic":"C0002"}}"#,
            r#"{"oneTrustGroups":{"analytics":[]}}"#,
            r#"{"optInRegions":"DE"}"#,
            r#"[]"#,
        ] {
            let v = Value::parse(bad).unwrap();
            let err = parse_consent_options(Some(&v), "options").unwrap_err();
            assert_eq!(err.code(), "INVALID_OPTIONS", "{bad}");
        }
        assert_eq!(
            parse_consent_options(None, "options").unwrap(),
            ConsentOptions::default()
        );
    }

    #[cfg(feature = "extended")]
    #[test]
    fn group_ids_replace_the_defaults_of_the_purposes_named() {
        let v = Value::parse(
            r#"{"oneTrustGroups":{"analytics":["C0002","C0007"],"marketing":"C0005"},
                "cookiebotCategories":{"preferences":"prefs"}}"#,
        )
        .unwrap();
        let o = parse_consent_options(Some(&v), "options").unwrap();
        fn groups(map: &[(String, Purpose)], p: Purpose) -> Vec<&str> {
            map.iter()
                .filter(|(_, q)| *q == p)
                .map(|(g, _)| g.as_str())
                .collect()
        }
        let onetrust = &o.cookies.onetrust_groups;
        assert_eq!(groups(onetrust, Purpose::Analytics), ["C0002", "C0007"]);
        assert_eq!(groups(onetrust, Purpose::Marketing), ["C0005"]);
        assert_eq!(
            groups(onetrust, Purpose::Preferences),
            ["C0003"],
            "defaults kept"
        );
        let cookiebot = &o.cookies.cookiebot_categories;
        assert_eq!(groups(cookiebot, Purpose::Preferences), ["prefs"]);
        assert_eq!(
            groups(cookiebot, Purpose::Analytics),
            ["statistics"],
            "defaults kept"
        );
    }

    /// The script tag's smaller lean wasm refuses group ids by name, valid or not: its runtime
    /// loads the extended build for options that carry them.
    #[cfg(not(feature = "extended"))]
    #[test]
    fn group_ids_need_the_extended_build() {
        for (key, map) in [
            ("oneTrustGroups", r#"{"analytics":"C0002"}"#),
            ("cookiebotCategories", r#"{"analytic":"x"}"#),
        ] {
            let v = Value::parse(&format!(r#"{{"{key}":{map}}}"#)).unwrap();
            let err = parse_browser_consent_options(Some(&v)).unwrap_err();
            assert_eq!(err.code(), "INVALID_OPTIONS");
            assert_eq!(
                err.message(),
                format!(
                    "invalid options: consent.{key} needs the extended build \
                     (tracksafe_extended_bg.wasm); this one leaves it out"
                )
            );
        }
    }

    #[test]
    fn browser_options_add_region_and_sources() {
        let v =
            Value::parse(r#"{"region":"US-CA","sources":["gpc","tcf"],"tcfVendorId":7}"#).unwrap();
        let b = parse_browser_consent_options(Some(&v)).unwrap();
        assert_eq!(b.region.as_deref(), Some("US-CA"));
        assert_eq!(b.sources, ["gpc", "tcf"]);
        assert_eq!(b.options.tcf_vendor_id, Some(7));
        let v = Value::parse(r#"{"sources":["tcfapi"]}"#).unwrap();
        assert_eq!(
            parse_browser_consent_options(Some(&v)).unwrap_err().code(),
            "INVALID_OPTIONS"
        );
        assert_eq!(
            parse_browser_consent_options(None).unwrap().sources,
            BROWSER_SOURCES
        );
    }
}

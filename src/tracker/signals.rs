//! The tracker's consent from page signals: resolves what the runtime read (CMPs, GPC, Shopify,
//! Consent Mode, cookies, `setConsent()`) and applies it through `set_consent`.
//!
//! Invariant: no decision is taken while a CMP on the page is still pending or while no signal
//! has spoken; until then events wait in memory and nothing is stored or sent.

use super::{ConsentChange, Tracker};
use crate::batch::ConsentDetail;
use crate::consent::io::summary_source;
use crate::consent::resolve::decide;
use crate::consent::{parse_signals, Resolution};
use crate::error::Result;
use crate::json::Value;

impl Tracker {
    /// Resolves the page's signals (the `resolveConsent` keys plus `tcData`, `gppData` and
    /// `waiting`) and, when they are decisive, applies the result. `None`: still undecided (an
    /// earlier decision, if any, stands).
    pub fn set_signals(
        &mut self,
        signals: &Value,
        now_ms: f64,
    ) -> Result<Option<(Resolution, ConsentChange)>> {
        let mut s = parse_signals(signals, true)?;
        if s.region.is_none() {
            s.region.clone_from(&self.options.consent.region);
        }
        let options = &self.options.consent.options;
        let Some(r) = decide(&s, options) else {
            return Ok(None);
        };
        let change = self.set_consent(r.purposes, summary_source(&r), now_ms);
        self.detail = Some(ConsentDetail {
            sources: Some(r.sources),
            tc_string: s.tc_string,
            gpp_string: s.gpp_string,
        });
        Ok(Some((r, change)))
    }

    /// The signal detail behind the current decision, if signals made it.
    pub fn consent_detail(&self) -> Option<&ConsentDetail> {
        self.detail.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use crate::json::Value;
    use crate::tracker::{Tracker, TrackerOptions};

    fn tracker(consent: &str) -> Tracker {
        let o = Value::parse(&format!(
            r#"{{"endpoint":"https://c.example/collect","flushIntervalMs":0,"consent":{consent}}}"#
        ))
        .unwrap();
        Tracker::new(TrackerOptions::parse(&o).unwrap())
    }

    fn fill(b: &mut [u8]) -> crate::Result<()> {
        b.fill(7);
        Ok(())
    }

    fn page_view(t: &mut Tracker) -> &'static str {
        let e = Value::parse(r#"{"name":"page_viewed","properties":{}}"#).unwrap();
        t.track(&e, 1.0, &mut fill).unwrap().reason
    }

    #[test]
    fn undecided_until_a_signal_speaks_then_applied_with_detail() {
        let mut t = tracker("{}");
        assert_eq!(page_view(&mut t), "awaiting_consent");
        let gpc_only = Value::parse(r#"{"gpc":true,"cookies":"theme=dark"}"#).unwrap();
        assert!(t.set_signals(&gpc_only, 2.0).unwrap().is_none());
        let waiting =
            Value::parse(r#"{"gpc":true,"manual":{"analytics":true},"waiting":["tcf"]}"#).unwrap();
        assert!(t.set_signals(&waiting, 2.0).unwrap().is_none());
        assert_eq!(t.queued().0, 1, "still waiting in memory");
        // The GPP CMP hands over its parsed sections (with the string it decoded them from), read
        // by the extended build only; the lean one is given what a page without a CMP has.
        #[cfg(feature = "extended")]
        let chosen = r#"{"gpc":true,"manual":{"analytics":true,"marketing":true},"gppString":"DBABTA~1YYN",
            "gppData":{"cmpStatus":"loaded","signalStatus":"ready","parsedSections":{"uspv1":{"OptOutSale":"Y"}}}}"#;
        #[cfg(not(feature = "extended"))]
        let chosen = r#"{"gpc":true,"manual":{"analytics":true,"marketing":true}}"#;
        let (r, change) = t
            .set_signals(&Value::parse(chosen).unwrap(), 3.0)
            .unwrap()
            .unwrap();
        assert!(r.purposes.analytics && !r.purposes.marketing && !r.purposes.sale_of_data);
        assert_eq!(r.sources.marketing, "gpc");
        assert_eq!(change.replayed, 1);
        let (id, body) = t.next_batch(4.0).unwrap();
        assert_eq!(id, 1);
        let batch = Value::parse(&body).unwrap();
        let consent = batch.get("consent").unwrap();
        assert_eq!(consent.get("source"), Some(&Value::from("manual")));
        #[cfg(feature = "extended")]
        assert_eq!(consent.get("gppString"), Some(&Value::from("DBABTA~1YYN")));
        assert_eq!(
            consent.get("sources").and_then(|s| s.get("saleOfData")),
            Some(&Value::from("gpc"))
        );
    }

    #[test]
    fn configured_opt_out_region_decides_and_bad_signals_throw() {
        let mut t = tracker(r#"{"region":"US-CA"}"#);
        let (r, _) = t
            .set_signals(&Value::parse("{}").unwrap(), 1.0)
            .unwrap()
            .unwrap();
        assert!(r.purposes.analytics);
        assert_eq!(r.sources.analytics, "region");
        let err = t
            .set_signals(
                &Value::parse(r#"{"manual":{"analytic":true}}"#).unwrap(),
                1.0,
            )
            .unwrap_err();
        assert_eq!(err.code(), "INVALID_ARGUMENT");
    }
}

//! Unit tests for the resolver. TC strings are built here bit by bit from explicit fields (the
//! decoder itself is checked against the reference library by tests/consent_oracle.rs); GPP
//! strings were encoded by `@iabgpp/cmpapi` 3.2.0 (fields noted beside each).

use super::*;

/// A minimal TC string writer for tests: core segment with bitfield vendor vectors and
/// optional restrictions, plus an optional publisher TC segment.
#[derive(Default)]
struct Tc {
    purposes: Vec<u16>,
    purposes_li: Vec<u16>,
    vendors: Vec<u16>,
    vendors_li: Vec<u16>,
    restrictions: Vec<(u8, u8, u16)>,
    publisher: Option<(Vec<u16>, Vec<u16>)>,
}

struct Bits(String);
impl Bits {
    fn int(&mut self, v: u64, n: usize) {
        for i in (0..n).rev() {
            self.0.push(if v >> i & 1 == 1 { '1' } else { '0' });
        }
    }
    fn set(&mut self, ids: &[u16], n: usize) {
        for id in 1..=n {
            self.0
                .push(if ids.contains(&(id as u16)) { '1' } else { '0' });
        }
    }
    fn vendors(&mut self, ids: &[u16]) {
        let max = ids.iter().copied().max().unwrap_or(0);
        self.int(max.into(), 16);
        self.int(0, 1);
        self.set(ids, max.into());
    }
    fn b64(mut self) -> String {
        const DICT: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        while self.0.len() % 6 != 0 {
            self.0.push('0');
        }
        let bytes = self.0.as_bytes();
        bytes
            .chunks(6)
            .map(|c| DICT[c.iter().fold(0, |a, &b| a * 2 + usize::from(b == b'1'))] as char)
            .collect()
    }
}

impl Tc {
    fn encode(&self) -> String {
        let mut b = Bits(String::new());
        b.int(2, 6); // version
        b.int(16_000_000_000, 36); // created
        b.int(16_000_000_000, 36); // last updated
        b.int(7, 12); // cmp id
        b.int(1, 12);
        b.int(1, 6);
        b.int((4 << 6) | 13, 12); // EN
        b.int(300, 12);
        b.int(4, 6); // policy version
        b.int(1, 1); // service specific
        b.int(0, 1);
        b.int(0, 12); // special features
        b.set(&self.purposes, 24);
        b.set(&self.purposes_li, 24);
        b.int(0, 1);
        b.int((3 << 6) | 4, 12); // DE
        b.vendors(&self.vendors);
        b.vendors(&self.vendors_li);
        b.int(self.restrictions.len() as u64, 12);
        for &(purpose, kind, vendor) in &self.restrictions {
            b.int(purpose.into(), 6);
            b.int(kind.into(), 2);
            b.int(1, 12);
            b.int(0, 1);
            b.int(vendor.into(), 16);
        }
        let mut out = b.b64();
        if let Some((consents, li)) = &self.publisher {
            let mut p = Bits(String::new());
            p.int(3, 3);
            p.set(consents, 24);
            p.set(li, 24);
            p.int(0, 6);
            out = format!("{out}.{}", p.b64());
        }
        out
    }
}

const VENDOR: u16 = 755;

fn vendor_opts() -> ConsentOptions {
    ConsentOptions {
        tcf_vendor_id: Some(VENDOR),
        ..ConsentOptions::default()
    }
}

fn all_purposes_tc() -> Tc {
    Tc {
        purposes: (1..=11).collect(),
        vendors: vec![1, VENDOR],
        ..Tc::default()
    }
}

fn signals(f: impl FnOnce(&mut Signals)) -> Signals {
    let mut s = Signals::default();
    f(&mut s);
    s
}

#[test]
fn no_signal_denies_unless_opt_out_region() {
    let r = resolve(&Signals::default(), &ConsentOptions::default());
    assert_eq!(r.purposes, Purposes::DENIED);
    assert_eq!(r.sources.analytics, "none");
    for region in ["DE", "de-by", "GB", "CH", "BR", "", "XX-YY"] {
        let s = signals(|s| s.region = Some(region.into()));
        assert_eq!(
            resolve(&s, &ConsentOptions::default()).purposes,
            Purposes::DENIED,
            "{region}"
        );
    }
    for region in ["US", "US-CA", "us-tx"] {
        let s = signals(|s| s.region = Some(region.into()));
        let r = resolve(&s, &ConsentOptions::default());
        assert!(
            r.purposes.analytics && r.purposes.marketing && r.purposes.sale_of_data,
            "{region}"
        );
        assert_eq!(r.sources.marketing, "region");
    }
    assert_eq!(
        region_rule(Some("USA"), &ConsentOptions::default()),
        RegionRule::OptIn
    );
    // Configured entries match whatever their case and spacing, and cover their subdivisions.
    let options = ConsentOptions {
        opt_out_regions: vec![" br ".into(), "CA-qc".into()],
        ..ConsentOptions::default()
    };
    for (region, rule) in [
        ("BR-SP", RegionRule::OptOut),
        ("br", RegionRule::OptOut),
        ("ca-QC", RegionRule::OptOut),
        ("CA", RegionRule::OptIn),
        ("CA-ON", RegionRule::OptIn),
        ("US", RegionRule::OptIn),
        ("BRA", RegionRule::OptIn),
    ] {
        assert_eq!(region_rule(Some(region), &options), rule, "{region}");
    }
}

#[test]
fn gpc_beats_region_and_cmp_grants() {
    let s = signals(|s| {
        s.region = Some("US-CA".into());
        s.gpc = Some(true);
        s.manual = Some(PurposeSignal::all(true));
    });
    let r = resolve(&s, &ConsentOptions::default());
    assert!(!r.purposes.marketing && !r.purposes.sale_of_data);
    assert_eq!(r.sources.sale_of_data, "gpc");
    assert!(r.purposes.analytics && r.purposes.preferences);
    assert_eq!(r.sources.analytics, "manual");
}

#[test]
fn tcf_vendor_mapping() {
    let tc = all_purposes_tc().encode();
    let s = signals(|s| s.tc_string = Some(tc.clone()));
    let r = resolve(&s, &vendor_opts());
    assert!(r.purposes.analytics && r.purposes.marketing && r.purposes.preferences);
    assert!(
        r.purposes.sale_of_data,
        "saleOfData follows marketing under TCF"
    );
    assert_eq!(r.sources.analytics, "tcf");
    // without a configured vendor or publisher mode a TC string denies everything
    assert_eq!(
        resolve(&s, &ConsentOptions::default()).purposes,
        Purposes::DENIED
    );
    // another vendor: denied
    let other = ConsentOptions {
        tcf_vendor_id: Some(9),
        ..ConsentOptions::default()
    };
    assert_eq!(resolve(&s, &other).purposes, Purposes::DENIED);
}

#[test]
fn tcf_purpose_sets_and_legitimate_interest() {
    // consent to 1 only, LI to 8 and 9: analytics via LI; marketing lacks 2, 3, 4, 7
    let tc = Tc {
        purposes: vec![1],
        purposes_li: vec![8, 9, 3],
        vendors: vec![VENDOR],
        vendors_li: vec![VENDOR],
        ..Tc::default()
    };
    let r = resolve(
        &signals(|s| s.tc_string = Some(tc.encode())),
        &vendor_opts(),
    );
    assert!(r.purposes.analytics);
    assert!(!r.purposes.marketing && !r.purposes.preferences && !r.purposes.sale_of_data);
    // LI for purpose 3 or 5 is not allowed under v2.2
    let tc = Tc {
        purposes: vec![1, 2, 4, 6, 7],
        purposes_li: vec![3, 5],
        vendors: vec![VENDOR],
        vendors_li: vec![VENDOR],
        ..Tc::default()
    };
    let r = resolve(
        &signals(|s| s.tc_string = Some(tc.encode())),
        &vendor_opts(),
    );
    assert!(!r.purposes.marketing && !r.purposes.preferences);
}

#[test]
fn tcf_publisher_restrictions() {
    let mut tc = all_purposes_tc();
    tc.restrictions = vec![(8, 0, VENDOR)]; // purpose 8 not allowed for our vendor
    let r = resolve(
        &signals(|s| s.tc_string = Some(tc.encode())),
        &vendor_opts(),
    );
    assert!(!r.purposes.analytics && r.purposes.marketing);
    let mut tc = all_purposes_tc();
    tc.restrictions = vec![(2, 2, VENDOR)]; // purpose 2 requires LI, and there is none
    let r = resolve(
        &signals(|s| s.tc_string = Some(tc.encode())),
        &vendor_opts(),
    );
    assert!(!r.purposes.marketing && r.purposes.analytics);
}

#[test]
fn tcf_publisher_mode() {
    let tc = Tc {
        publisher: Some(((1..=9).collect(), vec![])),
        ..Tc::default()
    };
    let opts = ConsentOptions {
        tcf_publisher_mode: true,
        ..ConsentOptions::default()
    };
    let r = resolve(&signals(|s| s.tc_string = Some(tc.encode())), &opts);
    assert!(r.purposes.analytics && r.purposes.marketing && r.purposes.preferences);
    // no publisher segment: denied
    let r = resolve(
        &signals(|s| s.tc_string = Some(Tc::default().encode())),
        &opts,
    );
    assert_eq!(r.purposes, Purposes::DENIED);
}

#[test]
fn undecodable_strings_deny_everything() {
    let s = signals(|s| {
        s.region = Some("US".into());
        s.tc_string = Some("not a tc string".into());
    });
    let r = resolve(&s, &vendor_opts());
    assert_eq!(r.purposes, Purposes::DENIED);
    assert_eq!(r.sources.preferences, "tcf");
    let s = signals(|s| {
        s.region = Some("US".into());
        s.gpp_string = Some("DBABBg~B".into());
    });
    assert_eq!(resolve(&s, &vendor_opts()).purposes, Purposes::DENIED);
    // an empty TC string is "GDPR does not apply": no signal
    let s = signals(|s| {
        s.region = Some("US".into());
        s.tc_string = Some(String::new());
    });
    assert!(resolve(&s, &vendor_opts()).purposes.analytics);
}

#[test]
fn gpp_opt_outs() {
    let us = |gpp: &str| {
        let s = signals(|s| {
            s.region = Some("US-CA".into());
            s.gpp_string = Some(gpp.into());
        });
        resolve(&s, &ConsentOptions::default())
    };
    // usnat SaleOptOut=1
    let r = us("DBABLA~CIRSCmEhEhhI");
    assert!(!r.purposes.sale_of_data && !r.purposes.marketing && r.purposes.analytics);
    assert_eq!(r.sources.marketing, "gpp");
    // usca with no opt-out but Gpc=1 in its GPC sub-section
    let r = us("DBABBg~BaBglKVA.YA");
    assert!(!r.purposes.sale_of_data && !r.purposes.marketing);
    // usva, no opt-out: GPP never grants, the region default stands
    let r = us("DBABRg~BhClmVo");
    assert!(r.purposes.marketing && r.purposes.sale_of_data);
    assert_eq!(r.sources.marketing, "region");
    // uspv1 opted out of sale
    let r = us("DBABTA~1YYN");
    assert!(!r.purposes.sale_of_data && !r.purposes.marketing);
    // a tcfeuv2 section in GPP maps like a TC string
    let gpp = format!("DBABMA~{}", all_purposes_tc().encode());
    let s = signals(|s| s.gpp_string = Some(gpp));
    assert!(resolve(&s, &vendor_opts()).purposes.marketing);
}

#[test]
fn consent_mode_values() {
    let cm = |a: &str, ad: &str| ConsentMode {
        analytics_storage: Some(a.into()),
        ad_storage: Some(ad.into()),
        ad_user_data: Some("granted".into()),
        ad_personalization: Some("granted".into()),
    };
    let r = resolve(
        &signals(|s| s.consent_mode = Some(cm("granted", "granted"))),
        &ConsentOptions::default(),
    );
    assert!(r.purposes.analytics && r.purposes.marketing);
    assert!(
        !r.purposes.sale_of_data,
        "consent mode never grants saleOfData"
    );
    let r = resolve(
        &signals(|s| s.consent_mode = Some(cm("maybe", "GRANTED"))),
        &ConsentOptions::default(),
    );
    assert!(!r.purposes.analytics && !r.purposes.marketing);
    // in an opt-out region a marketing denial also denies saleOfData
    let s = signals(|s| {
        s.region = Some("US".into());
        s.consent_mode = Some(cm("granted", "denied"));
    });
    let r = resolve(&s, &ConsentOptions::default());
    assert!(!r.purposes.sale_of_data && r.purposes.preferences);
}

#[test]
fn the_and_wins_and_names_the_denier() {
    let s = signals(|s| {
        s.shopify = Some(PurposeSignal::all(true));
        s.cookies = Some("OptanonConsent=groups=C0002%3A0%2CC0003%3A1%2CC0004%3A1".into());
    });
    let r = resolve(&s, &ConsentOptions::default());
    assert!(!r.purposes.analytics);
    assert_eq!(r.sources.analytics, "cookie:OptanonConsent");
    assert!(r.purposes.marketing && r.purposes.preferences);
    assert_eq!(r.sources.marketing, "shopify");
}

#[test]
fn euconsent_cookie_is_a_tcf_signal() {
    let header = format!("euconsent-v2={}", all_purposes_tc().encode());
    let r = resolve(&signals(|s| s.cookies = Some(header)), &vendor_opts());
    assert!(r.purposes.analytics);
    assert_eq!(r.sources.analytics, "cookie:euconsent-v2");
}

//! Native criterion benchmarks of the core (`make bench-native`): TC and GPP decoding, email
//! hashing, the minimizer, the browser tracker's whole per-event pipeline (`Tracker::track` +
//! `next_batch`) and the edge collector's `handle` for one batch. Built as a Rust server would
//! build the core (this crate's bench profile: opt-level 3). `benches/native/table.mjs` prints the
//! medians criterion writes as one markdown table; `make bench-native BENCH_FILTER=tcf` runs only
//! the benchmarks whose id contains `tcf`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tracksafe::consent::gpp::decode_gpp_string;
use tracksafe::consent::tcf::decode_tc_string;
use tracksafe::consent::Purposes;
use tracksafe::edge::{self, CollectorConfig, EdgeAction, EdgeRequest};
use tracksafe::event::Schemas;
use tracksafe::hashing::{hash_email, sha256_hex, Profile};
use tracksafe::json::Value;
use tracksafe::minimize::{minimize_event, MinimizeOptions, UrlOptions};
use tracksafe::tracker::{Tracker, TrackerOptions};

/// Encoded by @iabtechlabtcf/core 1.5.21, as in the tcf unit tests (a small CMP string).
const TC_SMALL: &str = "CPa0YdZPbXPINBuAqPEN2tCO8P___0ABEpYgB2QDAACgAKAAcAB2AEoATAB4AFSAK4AZoA1QBwgDsAAAACWgDQABAAWABAAHwATABWAC4AQAAjgBKAFA.IUrQBAI8AfeBFaClYAAA";
/// The longest valid TC string of tests/oracles/consent/generate.mjs (seed 20240601, 400 strings,
/// encoded by @iabtechlabtcf/core 1.5.21): vendor ranges, publisher restrictions, all segments.
const TC_LARGE: &str = "CRAdZorRAsKCkyytlHENQJEBILUMLEP_ewgIZewUYGwgbJA2YDZ4G0gbnA3UDfYG_gcpA5YDl4HMgc5A54DoQHRwalBq-DWINZQa0BraDXANzQboBumDdYN-Qb-BwmDhYOHwcRBxKDigOOQceByaDlAOYAcyg5oDn8HQQdEg7oDw8HiQeWg8wD00HqAepg9WD4sHxwfag-4D9cH7Qfzg_qD-8H-QgAhAEEA8ICQgOhAiECUIFAgVhAuEDsIHwgyhBoEG8IOQhBhCIEIsIRwhKhCYEOUIdAh1hDuEPsIfwiChXoFiMLEwskhZMFmELMgs2hZwFoULRAtbha6FsMLYwtvhbiFu4LeYW9hcXC40LloXMBc7C58LooXSBdRC6oLsYXZhdzC7sLxoXkheVC80L1oXsBe1DFoMcoY6BjxDHoMfIY_BkGDIWGQ4ZFwyNDJSGSwZPwyhDKWGU4ZZQy0DLmGXgZeh51BWgi2CMsEZwRrgjaCRUEjASWgkwCUcEpQS1gluCZ8E0QTUgmsCcsE5wT1AnvBPkE-oJ-goFBQQFP4KggqgBVKCqoKrwVZBXqCvgLQQWiBaOC0oLUwWsBbYC3EFuwW-guAC5cFzgXXguyC8QF5ILzAvOBemC9gL5QX0BfaF9QX7Qv4C_6GAAYDwwJDAqGBgYKwwXDBiGDQYPQwgDCKGEgYcww7DFOGKoY5Qx0DHiGPQY-Qx-DIMGQsMhwyLhkaGSkMlgyfhlCGUsMpwyyhloGXMMvAzDhmKGaMM0wzXhmyGccM5QzpBnXDO0M74Z4hn5DP4NBoaEBoXDQ0NIYaRhprDTcNRIajBqtDVgNYIaxBrIDWaGtAa1w1tDXqHZQdow7TDt-HcIdxA7lB3PDukPBYeDh4bDw8PEYeJh4rDxcPIoeSB5NDygPKYeWB5hDzIPOgAioC4AAIACgAIAAbAA8ADAAGgAOIAegB8AEUALMAXABdADYAG4AOIAdgBFgCOAEoAJ8AU4AqYBZgFoAL4AYAA4IBxAHGAOsAd4A9wB_gEBAIGARIAiwBJACUAFJAKeAVUArgBaQC6AF6AMAAYYKAEA4oCFkE7wLKQ.QC2Bi4RkPzBGYWJ2tFIbuNhQZFk1zTCdKEtADoVU_TOkbwZ0CiMMLCEo4lndCIJx";
/// Encoded by @iabgpp/cmpapi 3.2.0: usca with its GPC subsection (as in the gpp unit tests).
const GPP_USCA: &str = "DBABBg~BJoSJaFY.QA";
/// The longest valid GPP string of the same generator run (@iabgpp/cmpapi 3.2.0): one TCF EU v2 section.
const GPP_LARGE: &str = "DBABMA~COO5ATzOO_hUDR83v_ENljEwAD7v8UPR4qowcpQUoJ3AoLBQcFC4KGgotBRgFGYKNgpTBSsFO4Kegp9BUAFS4KmgqzBVsFXYKvgrHBWUFboK4ArzBakFrYLXgtrBbgFxILjAuXBc0FzwLowXTBeCC8QL3QXwBfaC_AL-QX-BgGDAYMEwYLBhiDDQMPwYhBiuDFoMXQYwBjODGoMbQY4BjuDHoMfQZBBkQDI0GSAZLgyaDJ0GUAZUgysDLsGXwZlgzODNMGawZ3gzyDPUGfAZ9gz-DREGigadg12DYMGwwbMg2eDaUG1AbWg2wDb0G4Abhg3GDe8G-QcGg4SDjcHHQcpg5WDnIHO4Oeg6lB1UHXYOvg7DB2MHf4PAg8ZB44Hj4a4BriDXOGuoa_Q2BDYiGxQbHQ2QDZKGygbaw23DemG9Yb3Q3wDfeG_IcAQ4CDgmHBYcKQ4XDiyHFwccQ46Dj2HH4ckQ5KDlIJ-4E8BqQGqgNYA18BsQHKghqCHkEPgRBgiGCJwEUIIpAi5BF4EZ4I0gjrBzMHOYSIBIrCRcJIISRBJXCS0JL4SYhJrCTcJO4SehKJCUYJWoSuBK6CV-EsISxwllCWaEtAS7Ql4CYiExQTSwmnCa2E14TZQm0CbWE24Tdwm9Cb6E4ATkQnKCcuE5oTrQnYCdyE7wTyQnmCfIE-kJ9gn7ADCgAoFBAc_Cy0L2Q4AIFvoM6C4BIAAMABQAGgASABgADgAIQAUABaADAAMwAbACAAEUAJgAogBWAFwAMAAZAA0gBsAG4AOYAdgB4AD4";

const EVENT: &str = r#"{"name":"product_added_to_cart","properties":{"product_id":"SKU-1042","variant_id":"V-7","name":"Trail Runner 2","brand":"Acme","category":"Shoes","price":119.99,"currency":"EUR","quantity":1,"coupon_owner":"jane.doe@example.com"},"context":{"url":"https://shop.example/products/trail-runner-2?utm_source=news&email=jane.doe%40example.com&ref=abc","referrer":"https://www.google.com/search?q=trail+runner","title":"Trail Runner 2 – Acme Shop","userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"}}"#;

/// The events one pipeline iteration tracks: the default batch size.
const BATCH: u32 = 20;

/// A deterministic RNG for event ids (xorshift): randomness is passed in, as in the core.
fn rng() -> impl FnMut(&mut [u8]) -> tracksafe::Result<()> {
    let mut s: u64 = 0x9e37_79b9_7f4a_7c15;
    move |buf: &mut [u8]| {
        for b in buf.iter_mut() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            *b = s as u8;
        }
        Ok(())
    }
}

fn analytics() -> Purposes {
    Purposes {
        analytics: true,
        ..Purposes::DENIED
    }
}

/// A tracker as the browser runs it: defaults, analytics granted.
fn tracker() -> Tracker {
    let opts =
        Value::parse(r#"{"endpoint":"https://collect.shop.example/collect","site":"bench"}"#)
            .expect("options parse");
    let mut t = Tracker::new(TrackerOptions::parse(&opts).expect("valid options"));
    t.set_consent(analytics(), "manual", 1.7e12);
    t
}

/// A consent-string decoder under test: whether the string decoded.
type Decoder = dyn Fn(&str) -> bool;

fn consent(c: &mut Criterion) {
    let mut g = c.benchmark_group("consent");
    // Each decoder's result goes through `black_box`, so no decoding is optimized away.
    let tcf = |s: &str| black_box(decode_tc_string(s)).is_ok();
    let gpp = |s: &str| black_box(decode_gpp_string(s)).is_ok();
    let cases: [(&str, &str, &Decoder); 4] = [
        ("tcf: decode_tc_string small CMP string", TC_SMALL, &tcf),
        (
            "tcf: decode_tc_string long string (ranges, restrictions)",
            TC_LARGE,
            &tcf,
        ),
        ("gpp: decode_gpp_string usca + GPC", GPP_USCA, &gpp),
        (
            "gpp: decode_gpp_string long string (TCF EU v2 section)",
            GPP_LARGE,
            &gpp,
        ),
    ];
    for (name, input, decode) in cases {
        g.bench_function(name, |b| {
            b.iter(|| assert!(decode(black_box(input)), "{name}: the string must decode"))
        });
    }
    g.finish();
}

fn hashing(c: &mut Criterion) {
    let mut g = c.benchmark_group("hashing");
    let profiles = [
        (
            "hash_email profile meta (trim, lowercase, validate, SHA-256 hex)",
            Profile::Meta,
            "  John.Doe+shop{}@Example.COM ",
        ),
        (
            "hash_email profile google (Gmail dots and +tags dropped)",
            Profile::Google,
            " John.Doe+shop{}@GMail.com",
        ),
    ];
    for (name, profile, pattern) in profiles {
        // 1,000 distinct addresses in turn, so no branch predictor learns one input.
        let emails: Vec<String> = (0..1000)
            .map(|i| pattern.replace("{}", &i.to_string()))
            .collect();
        let mut i = 0;
        g.bench_function(name, |b| {
            b.iter(|| {
                i = (i + 1) % emails.len();
                hash_email(black_box(&emails[i]), profile).expect("valid email")
            })
        });
    }
    g.bench_function("sha256_hex of a 26-byte address", |b| {
        b.iter(|| sha256_hex(black_box(b"john.doe+shop7@example.com")))
    });
    g.finish();
}

fn minimize(c: &mut Criterion) {
    let event = Value::parse(EVENT).expect("event parses");
    let schemas = Schemas::standard();
    let url = UrlOptions::default();
    c.bench_function(
        "minimize: minimize_event cart add with context (URL scrub, UA, PII)",
        |b| {
            b.iter(|| {
                let opts = MinimizeOptions {
                    consent: analytics(),
                    schemas: &schemas,
                    url: &url,
                };
                minimize_event(black_box(&event), &opts)
            })
        },
    );
}

/// The whole per-event pipeline, as the browser drives it: `BATCH` track() calls, then
/// next_batch + settle_batch; criterion's throughput is per event.
fn pipeline(c: &mut Criterion) {
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Elements(BATCH.into()));
    for parse_json in [false, true] {
        let name = if parse_json {
            "Tracker::track ×20 + next_batch + settle, JSON text in (parsed per event)"
        } else {
            "Tracker::track ×20 + next_batch + settle"
        };
        let parsed = Value::parse(EVENT).expect("event parses");
        let mut t = tracker();
        let mut fill = rng();
        let mut now = 1.7e12;
        g.bench_function(name, |b| {
            b.iter(|| {
                for _ in 0..BATCH {
                    now += 1.0;
                    let owned;
                    let event = if parse_json {
                        owned = Value::parse(black_box(EVENT)).expect("event parses");
                        &owned
                    } else {
                        &parsed
                    };
                    black_box(t.track(black_box(event), now, &mut fill).expect("tracked"));
                }
                let (id, body) = t.next_batch(now).expect("a batch");
                black_box(body);
                t.settle_batch(id);
            })
        });
    }
    g.finish();
}

/// The edge: one 20-event batch as the browser sends it, re-validated, minimized and forwarded.
fn edge_collector(c: &mut Criterion) {
    let mut t = tracker();
    let mut fill = rng();
    let event = Value::parse(EVENT).expect("event parses");
    for k in 0..BATCH {
        t.track(&event, 1.7e12 + f64::from(k), &mut fill)
            .expect("tracked");
    }
    let (_, body) = t.next_batch(1.7e12 + 20.0).expect("a batch");
    let config = CollectorConfig::parse(
        &Value::parse(r#"{"upstreamUrl":"https://upstream.example/ingest","allowedOrigins":["https://shop.example"],"pepper":"bench-pepper-0123456789abcdef"}"#)
            .expect("options parse"),
    )
    .expect("valid collector options");
    c.bench_function("edge: handle 20-event batch (per batch)", |b| {
        b.iter(|| {
            let req = EdgeRequest {
                method: "POST",
                path: "/collect",
                origin: Some("https://shop.example"),
                content_type: Some("application/json"),
                sec_gpc: false,
                cookie: None,
                user_agent: Some("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"),
                country: Some("DE"),
                region: Some("BE"),
                body: body.as_bytes(),
                now_ms: 1.7e12 + 30.0,
            };
            match edge::handle(&config, black_box(&req)) {
                EdgeAction::Forward { body, .. } => body,
                EdgeAction::Respond(r) => panic!("the edge refused the batch: {r:?}"),
                EdgeAction::Erase { .. } => panic!("a /collect request is not an erasure"),
            }
        })
    });
}

criterion_group!(
    benches,
    consent,
    hashing,
    minimize,
    pipeline,
    edge_collector
);
criterion_main!(benches);

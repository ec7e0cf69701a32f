//! Native benchmarks of the core (`make bench-native`): TC and GPP decoding, email hashing, the
//! minimizer, the browser tracker's whole per-event pipeline (`Tracker::track` + `next_batch`)
//! and the edge collector's `handle` for one batch. A small harness on `std::time::Instant`
//! (criterion's dependency tree would add minutes to every clean `cargo test` on the shared
//! machine): each case is calibrated to ~50 ms per sample, sampled `BENCH_SAMPLES` times
//! (default 10), and printed as one markdown table of median (min–max) per operation.
//! `cargo bench --bench core -- tcf` runs only the cases whose name contains `tcf`.

use std::hint::black_box;
use std::time::{Duration, Instant};

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

struct Case {
    name: &'static str,
    /// Operations one call of `run` performs (results are per operation).
    per_call: u32,
    run: Box<dyn FnMut()>,
}

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let samples: usize = std::env::var("BENCH_SAMPLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    println!("| case | ns/op median (min–max) | ops/s |");
    println!("| --- | ---: | ---: |");
    for mut case in cases() {
        if !filter.is_empty() && !filter.iter().any(|f| case.name.contains(f.as_str())) {
            continue;
        }
        let per_op = measure(&mut case, samples);
        let mut sorted = per_op.clone();
        sorted.sort_by(f64::total_cmp);
        let median = sorted[sorted.len() / 2];
        println!(
            "| {} | {:.0} ({:.0}–{:.0}) | {:.0} |",
            case.name,
            median,
            sorted[0],
            sorted[sorted.len() - 1],
            1e9 / median
        );
    }
}

/// Calibrates the call count to ~50 ms, then returns `samples` figures in ns per operation.
fn measure(case: &mut Case, samples: usize) -> Vec<f64> {
    let target = Duration::from_millis(50);
    let mut calls: u64 = 1;
    loop {
        let t = time(case, calls);
        if t >= target / 2 || calls > 1 << 30 {
            calls =
                ((calls as f64) * target.as_secs_f64() / t.as_secs_f64().max(1e-9)).ceil() as u64;
            break;
        }
        calls *= 2;
    }
    (0..samples.max(1))
        .map(|_| time(case, calls).as_nanos() as f64 / (calls as f64 * f64::from(case.per_call)))
        .collect()
}

fn time(case: &mut Case, calls: u64) -> Duration {
    let start = Instant::now();
    for _ in 0..calls {
        (case.run)();
    }
    start.elapsed()
}

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

fn cases() -> Vec<Case> {
    let mut v = Vec::new();
    let mut add = |name, per_call, run: Box<dyn FnMut()>| {
        v.push(Case {
            name,
            per_call,
            run,
        })
    };

    add(
        "tcf: decode_tc_string, small CMP string",
        1,
        Box::new(|| {
            black_box(decode_tc_string(black_box(TC_SMALL)).expect("valid TC string"));
        }),
    );
    add(
        "tcf: decode_tc_string, long string (ranges, restrictions)",
        1,
        Box::new(|| {
            black_box(decode_tc_string(black_box(TC_LARGE)).expect("valid TC string"));
        }),
    );
    add(
        "gpp: decode_gpp_string, usca + GPC",
        1,
        Box::new(|| {
            black_box(decode_gpp_string(black_box(GPP_USCA)).expect("valid GPP string"));
        }),
    );
    add(
        "gpp: decode_gpp_string, long string (TCF EU v2 section)",
        1,
        Box::new(|| {
            black_box(decode_gpp_string(black_box(GPP_LARGE)).expect("valid GPP string"));
        }),
    );

    let emails: Vec<String> = (0..1000)
        .map(|i| format!("  John.Doe+shop{i}@Example.COM "))
        .collect();
    let mut i = 0;
    add(
        "hashing: hash_email, profile meta (trim, lowercase, validate, SHA-256 hex)",
        1,
        Box::new(move || {
            i = (i + 1) % emails.len();
            black_box(hash_email(black_box(&emails[i]), Profile::Meta).expect("valid email"));
        }),
    );
    let gmail: Vec<String> = (0..1000)
        .map(|i| format!(" John.Doe+shop{i}@GMail.com"))
        .collect();
    let mut j = 0;
    add(
        "hashing: hash_email, profile google (Gmail dots and +tags dropped)",
        1,
        Box::new(move || {
            j = (j + 1) % gmail.len();
            black_box(hash_email(black_box(&gmail[j]), Profile::Google).expect("valid email"));
        }),
    );
    add(
        "hashing: sha256_hex of a 28-byte address",
        1,
        Box::new(|| {
            black_box(sha256_hex(black_box(b"john.doe+shop7@example.com")));
        }),
    );

    let event = Value::parse(EVENT).expect("event parses");
    let schemas = Schemas::standard();
    let url = UrlOptions::default();
    add(
        "minimize: minimize_event, cart add with context (URL scrub, UA, PII)",
        1,
        Box::new(move || {
            let opts = MinimizeOptions {
                consent: analytics(),
                schemas: &schemas,
                url: &url,
            };
            black_box(minimize_event(black_box(&event), &opts));
        }),
    );

    // The whole per-event pipeline, as the browser drives it: 20 track() calls (the default batch
    // size), then next_batch + settle_batch. Figures are per event.
    let event = Value::parse(EVENT).expect("event parses");
    let mut t = tracker();
    let mut fill = rng();
    let mut now = 1.7e12;
    add(
        "pipeline: Tracker::track ×20 + next_batch + settle (per event)",
        20,
        Box::new(move || {
            for _ in 0..20 {
                now += 1.0;
                black_box(t.track(black_box(&event), now, &mut fill).expect("tracked"));
            }
            let (id, body) = t.next_batch(now).expect("a batch");
            black_box(body);
            t.settle_batch(id);
        }),
    );
    let event_json = EVENT.to_owned();
    let mut t = tracker();
    let mut fill = rng();
    let mut now = 1.7e12;
    add(
        "pipeline: + JSON text in (parse per event, as across the wasm boundary)",
        20,
        Box::new(move || {
            for _ in 0..20 {
                now += 1.0;
                let e = Value::parse(black_box(&event_json)).expect("event parses");
                black_box(t.track(&e, now, &mut fill).expect("tracked"));
            }
            let (id, body) = t.next_batch(now).expect("a batch");
            black_box(body);
            t.settle_batch(id);
        }),
    );

    // The edge: one 20-event batch as the browser sends it, re-validated, minimized and forwarded.
    let mut t = tracker();
    let mut fill = rng();
    let event = Value::parse(EVENT).expect("event parses");
    for k in 0..20 {
        t.track(&event, 1.7e12 + f64::from(k), &mut fill)
            .expect("tracked");
    }
    let (_, body) = t.next_batch(1.7e12 + 20.0).expect("a batch");
    let config = CollectorConfig::parse(
        &Value::parse(r#"{"upstreamUrl":"https://upstream.example/ingest","allowedOrigins":["https://shop.example"],"pepper":"bench-pepper-0123456789abcdef"}"#)
            .expect("options parse"),
    )
    .expect("valid collector options");
    add(
        "edge: handle, 20-event batch (per batch)",
        1,
        Box::new(move || {
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
            match black_box(edge::handle(&config, black_box(&req))) {
                EdgeAction::Forward { body, .. } => black_box(body),
                EdgeAction::Respond(r) => panic!("the edge refused the batch: {r:?}"),
                EdgeAction::Erase { .. } => panic!("a /collect request is not an erasure"),
            };
        }),
    );
    v
}

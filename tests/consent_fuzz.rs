//! No-panic property test: random bytes and mutations (flip, insert, delete) of valid strings
//! go through the TC, GPP and cookie parsers and the resolver; every call must return.
#![cfg(feature = "decoders")]

use tracksafe::consent::{
    decode_gpp_string, decode_tc_string, parse_consent_cookies, resolve, ConsentMode,
    ConsentOptions, CookieOptions, Signals,
};

/// xorshift64*: small, deterministic, good enough to drive mutations.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

// Valid strings written by the IAB reference encoders (tests/oracles/consent/generate.mjs).
const SEEDS: &[&str] = &[
    "CPa0YdZPbXPINBuAqPEN2tCO8P___0ABEpYgB2QDAACgAKAAcAB2AEoATAB4AFSAK4AZoA1QBwgDsAAAACWgDQABAAWABAAHwATABWAC4AQAAjgBKAFA.IUrQBAI8AfeBFaClYAAA",
    "DBABBg~BJoSJaFY.QA",
    "DBABUYA~BUZA.hII",
    "DBABLA~CIRSCmEhEhhI",
    "DBABTA~1Y-N",
    "DBAFDGGrMA~BO5rWhGO6DdXi_EIdIGM5k10r7kSeUlr8gUPABkgwIMAHoAOxMAESAliAFgg0l0yDA.dLYkwitE4AA~BlEZYgCI~BoGooFlU~BSKg~BRSC.VBY",
    "OptanonConsent=isGpcEnabled=0&groups=C0001%3A1%2CC0002%3A1%2CC0003%3A0%2CC0004%3A1; CookieConsent=%7Bstamp%3A%27a%27%2Cnecessary%3Atrue%2Cstatistics%3Atrue%2Cmarketing%3Afalse%7D",
    "_tracking_consent=%7B%22con%22%3A%7B%22CMP%22%3A%7B%22a%22%3A%221%22%2C%22m%22%3A%220%22%2C%22p%22%3A%22%22%2C%22s%22%3A%221%22%7D%7D%2C%22v%22%3A%222.1%22%7D; _tracking_consent=3AMp.s_GB_t_f_",
];

const ALPHABET: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~=%;:,{}'\"+/ ";

fn mutate(rng: &mut Rng, s: &str) -> String {
    let mut b = s.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let i = rng.below(b.len() + 1);
        match rng.below(4) {
            0 if i < b.len() => b[i] = ALPHABET[rng.below(ALPHABET.len())],
            1 => b.insert(i, ALPHABET[rng.below(ALPHABET.len())]),
            2 if i < b.len() => {
                b.remove(i);
            }
            _ => b.truncate(i),
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

fn random_bytes(rng: &mut Rng) -> String {
    let len = rng.below(200);
    let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn parsers_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let vendor = ConsentOptions {
        tcf_vendor_id: Some(755),
        tcf_publisher_mode: true,
        ..ConsentOptions::default()
    };
    let mut cases = 0;
    for round in 0..6000 {
        let input = if round % 5 == 0 {
            random_bytes(&mut rng)
        } else {
            let seed = SEEDS[rng.below(SEEDS.len())];
            mutate(&mut rng, seed)
        };
        let _ = decode_tc_string(&input);
        let _ = decode_gpp_string(&input);
        let _ = parse_consent_cookies(&input, &CookieOptions::default());
        let signals = Signals {
            tc_string: Some(input.clone()),
            gpp_string: Some(input.clone()),
            cookies: Some(input.clone()),
            consent_mode: Some(ConsentMode {
                analytics_storage: Some(input.clone()),
                ..ConsentMode::default()
            }),
            region: Some(input.clone()),
            ..Signals::default()
        };
        let r = resolve(&signals, &vendor);
        // A garbage TC string always denies everything.
        if decode_tc_string(&input).is_err() {
            assert_eq!(
                r.purposes,
                tracksafe::consent::Purposes::DENIED,
                "{input:?}"
            );
        }
        cases += 1;
    }
    println!("fuzzed {cases} inputs through the TC, GPP and cookie parsers");
}

/// A core segment whose vendor vectors are each one range 1..=65535, followed by `restrictions`
/// publisher restrictions that each cover vendors 1..=65535.
fn hostile_tc(restrictions: u64) -> String {
    let mut bits = String::new();
    let mut int = |v: u64, n: usize| {
        for i in (0..n).rev() {
            bits.push(if v >> i & 1 == 1 { '1' } else { '0' });
        }
    };
    int(2, 6);
    for _ in 0..207 {
        int(0, 1); // created .. publisherCountryCode, all zero
    }
    for _ in 0..2 {
        int(65_535, 16);
        int(1, 1);
        int(1, 12);
        int(1, 1);
        int(1, 16);
        int(65_535, 16);
    }
    int(restrictions, 12);
    for p in 0..restrictions {
        int(1 + p % 63, 6);
        int(p % 3, 2);
        int(1, 12);
        int(1, 1);
        int(1, 16);
        int(65_535, 16);
    }
    const DICT: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    while bits.len() % 6 != 0 {
        bits.push('0');
    }
    bits.as_bytes()
        .chunks(6)
        .map(|c| DICT[c.iter().fold(0, |a, &b| a * 2 + usize::from(b == b'1'))] as char)
        .collect()
}

#[test]
fn hostile_ranges_stay_bounded() {
    let ok = decode_tc_string(&hostile_tc(4)).expect("four full-range restrictions fit the cap");
    assert_eq!(ok.vendor_consents.len(), 65_535);
    assert_eq!(ok.publisher_restrictions.len(), 4);
    assert!(ok
        .publisher_restrictions
        .iter()
        .all(|r| r.vendors.len() == 65_535));
    assert!(
        decode_tc_string(&hostile_tc(4095)).is_err(),
        "restriction expansion must be capped"
    );
}

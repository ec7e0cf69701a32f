//! The shortest decimal that reads back as the same `f64`, nearest of those when several have
//! that length — the digits Rust's `{}` and `{:e}` print — without core's `flt2dec` (Grisu,
//! Dragon and their tables, about 20 KB of the page's wasm). Exact: the float's full decimal
//! expansion is rounded to 1, 2, … digits until one reads back (via `number`) as the float.

use super::number::{decode, from_digits, Big};

/// For a finite `v > 0`: digits `d1 d2 …` (no trailing zero) and `e` with
/// `v ≈ d1.d2… × 10^e`.
pub(super) fn shortest(v: f64) -> (Vec<u8>, i64) {
    if let Some(found) = few_decimals(v) {
        return found;
    }
    let (m, k) = decode(v.to_bits());
    let mut exact = Big::default();
    exact.add_small(1);
    exact.mul_u64(m);
    // v = exact × 10^scale, exactly: m·2^k = m·5^-k·10^k.
    let mut scale = 0;
    if k >= 0 {
        exact.shl(k.unsigned_abs());
    } else {
        for _ in 0..-k {
            exact.mul_small(5);
        }
        scale = k;
    }
    let all = exact.into_digits();
    let e = all.len() as i64 - 1 + scale;
    for p in 1..all.len() {
        let (digits, e) = round_to(&all, p, e);
        if from_digits(digits.clone(), e + 1 - digits.len() as i64).to_bits() == v.to_bits() {
            return (trimmed(digits), e);
        }
    }
    (trimmed(all), e)
}

/// The everyday case (a price, a ratio): the fewest decimals `k` for which an integer `c` has
/// `c / 10^k` reading back as `v`. With `c` and `10^k` exact in a float that quotient is the
/// correctly rounded one, i.e. what parsing the text gives. Fewest decimals means fewest digits;
/// any integer that works lies within 1 of `v·10^k`, so within 2 of its rounded float product,
/// and when two work the exact path picks the nearer. `None` when the fast path cannot decide.
fn few_decimals(v: f64) -> Option<(Vec<u8>, i64)> {
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    const LIMIT: f64 = 9_007_199_254_740_990.0; // 2^53 − 2: every window value is exact
    for (k, &p) in POW10.iter().enumerate() {
        let scaled = (v * p).round();
        if scaled > LIMIT {
            return None;
        }
        let mut hit = None;
        for c in [
            scaled - 2.0,
            scaled - 1.0,
            scaled,
            scaled + 1.0,
            scaled + 2.0,
        ] {
            if c > 0.0 && c / p == v {
                if hit.is_some() {
                    return None;
                }
                hit = Some(c as u64);
            }
        }
        if let Some(c) = hit {
            let mut digits = Vec::new();
            let mut c = c;
            while c > 0 {
                digits.push((c % 10) as u8);
                c /= 10;
            }
            digits.reverse();
            let e = digits.len() as i64 - 1 - k as i64;
            return Some((trimmed(digits), e));
        }
    }
    None
}

/// `all` (with scientific exponent `e`) rounded to its `p` leading digits, to nearest. A tie
/// cannot decide a shortest form (the candidates are then too close to both read back), so it
/// rounds up.
fn round_to(all: &[u8], p: usize, e: i64) -> (Vec<u8>, i64) {
    let mut digits = all[..p].to_vec();
    if all[p] >= 5 {
        let mut i = p;
        loop {
            if i == 0 {
                digits.insert(0, 1);
                digits.pop();
                return (digits, e + 1);
            }
            i -= 1;
            if digits[i] == 9 {
                digits[i] = 0;
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    (digits, e)
}

fn trimmed(mut digits: Vec<u8>) -> Vec<u8> {
    while digits.len() > 1 && digits.last() == Some(&0) {
        digits.pop();
    }
    digits
}

#[cfg(test)]
mod tests {
    use super::shortest;

    fn sci(v: f64) -> String {
        let (d, e) = shortest(v);
        let d: String = d.iter().map(|&c| char::from(b'0' + c)).collect();
        if d.len() == 1 {
            format!("{d}e{e}")
        } else {
            format!("{}.{}e{e}", &d[..1], &d[1..])
        }
    }

    #[test]
    fn matches_std_lower_exp_on_random_floats() {
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for i in 0..6_000u64 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = match i % 3 {
                0 => f64::from_bits(x & !(1 << 63)),
                // Prices and everyday decimals.
                1 => (x % 10_000_000) as f64 / [10.0, 100.0, 1000.0][(x >> 40) as usize % 3],
                _ => (x % 1_000_000_000) as f64 * 1e-9 * 10f64.powi((x >> 50) as i32 % 40 - 20),
            };
            if !v.is_finite() || v == 0.0 {
                continue;
            }
            assert_eq!(sci(v), format!("{v:e}"), "{v:?}");
        }
    }

    #[test]
    fn edges() {
        for v in [
            f64::MIN_POSITIVE,
            f64::MAX,
            5e-324,
            1e-6,
            0.1,
            0.3,
            0.1 + 0.2,
            19.99,
            4_503_599_627_370_495.5,
            9_007_199_254_740_993.0,
            1e23,
            123_456.789,
        ] {
            assert_eq!(sci(v), format!("{v:e}"), "{v:?}");
        }
    }
}

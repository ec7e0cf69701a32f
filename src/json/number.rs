//! JSON number text → the nearest `f64` (ties to even), bit for bit what `str::parse::<f64>`
//! gives (and the exact integers `shortest` builds on), without core's `dec2flt` (its 10 KB power-of-five table and Eisel–Lemire code, which
//! the page's wasm would otherwise carry). Everyday numbers take one exact float operation;
//! the rest are settled by exact integer comparison.

/// Digits kept before the rest is folded into a sticky digit. A value halfway between two
/// floats has at most 767 significant digits, so keeping more decides every case.
const MAX_DIGITS: usize = 800;

/// Powers of ten that are exact in an `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `text` is a number the JSON grammar accepts: `-?int(.frac)?([eE][+-]?digits)?`.
/// Overflow gives an infinity, as `str::parse` does.
pub(super) fn parse(text: &[u8]) -> f64 {
    let (neg, rest) = match text.split_first() {
        Some((b'-', r)) => (true, r),
        _ => (false, text),
    };
    let v = parse_unsigned(rest);
    if neg {
        -v
    } else {
        v
    }
}

fn parse_unsigned(s: &[u8]) -> f64 {
    // The value is digits × 10^exp; leading zeros are dropped, the digits are 0..=9.
    let mut digits: Vec<u8> = Vec::new();
    let mut exp: i64 = 0;
    let mut truncated = false;
    let mut frac = false;
    let mut i = 0;
    while let Some(&b) = s.get(i) {
        match b {
            b'.' => frac = true,
            b'0'..=b'9' => {
                let d = b - b'0';
                if digits.is_empty() && d == 0 {
                    exp -= i64::from(frac);
                } else if digits.len() < MAX_DIGITS {
                    digits.push(d);
                    exp -= i64::from(frac);
                } else {
                    truncated |= d != 0;
                    exp += i64::from(!frac);
                }
            }
            _ => break,
        }
        i += 1;
    }
    if let Some(b'e' | b'E') = s.get(i) {
        i += 1;
        let neg = s.get(i) == Some(&b'-');
        if let Some(b'+' | b'-') = s.get(i) {
            i += 1;
        }
        let mut e: i64 = 0;
        for &b in &s[i..] {
            e = (e * 10 + i64::from(b - b'0')).min(1 << 40);
        }
        exp += if neg { -e } else { e };
    }
    if truncated {
        digits.push(1);
        exp -= 1;
    }
    from_digits(digits, exp)
}

/// The nearest float to `digits × 10^exp` (digits 0..=9, most significant first).
pub(super) fn from_digits(mut digits: Vec<u8>, mut exp: i64) -> f64 {
    while digits.first() == Some(&0) {
        digits.remove(0);
    }
    while digits.last() == Some(&0) {
        digits.pop();
        exp += 1;
    }
    if digits.is_empty() {
        return 0.0;
    }
    // 10^(n-1+exp) ≤ value < 10^(n+exp).
    let magnitude = digits.len() as i64 + exp;
    if magnitude > 310 {
        return f64::INFINITY;
    }
    if magnitude < -324 {
        return 0.0;
    }
    if digits.len() <= 19 {
        let w = digits.iter().fold(0u64, |w, &d| w * 10 + u64::from(d));
        if w <= 1 << 53 && (-22..=22).contains(&exp) {
            // Both operands are exact, so the one rounding is the correct one.
            let p = POW10[exp.unsigned_abs() as usize];
            return if exp < 0 { w as f64 / p } else { w as f64 * p };
        }
    }
    slow(&digits, exp)
}

/// The smallest float (by bit pattern) whose upper rounding boundary is not below the value:
/// a binary search over the bits with exact comparisons.
fn slow(digits: &[u8], exp: i64) -> f64 {
    // 2·value = x_num / x_den with integers; compared against (value(b) + value(b+1)).
    let mut x_num = Big::default();
    for chunk in digits.chunks(9) {
        x_num.mul_small(10u32.pow(chunk.len() as u32));
        x_num.add_small(chunk.iter().fold(0, |w, &d| w * 10 + u32::from(d)));
    }
    x_num.mul_small(2);
    let mut x_den = Big::default();
    x_den.add_small(1);
    if exp > 0 {
        x_num.mul_pow10(exp.unsigned_abs());
    } else {
        x_den.mul_pow10(exp.unsigned_abs());
    }
    let rounds_to_at_most = |b: u64| {
        let (m1, k1) = decode(b);
        let (m2, k2) = decode(b + 1);
        let sum = m1 + (m2 << (k2 - k1));
        // Compare x_num / x_den with sum · 2^k1.
        let mut lhs = x_num.clone();
        let mut rhs = x_den.clone();
        rhs.mul_u64(sum);
        if k1 < 0 {
            lhs.shl(k1.unsigned_abs());
        } else {
            rhs.shl(k1.unsigned_abs());
        }
        match lhs.cmp(&rhs) {
            core::cmp::Ordering::Less => true,
            core::cmp::Ordering::Equal => b % 2 == 0,
            core::cmp::Ordering::Greater => false,
        }
    };
    let (mut lo, mut hi) = (0u64, f64::INFINITY.to_bits());
    // A float estimate is within a few steps; bracket it (checked exactly) to save most rounds.
    let lead = digits.len().min(19);
    let w = digits[..lead]
        .iter()
        .fold(0u64, |w, &d| w * 10 + u64::from(d));
    let shift = exp + (digits.len() - lead) as i64;
    let estimate = w as f64 * 10f64.powi(shift as i32);
    if estimate.is_normal() {
        let b = estimate.to_bits();
        let (below, above) = (b.saturating_sub(64), (b + 64).min(hi));
        if !rounds_to_at_most(below) {
            lo = below + 1;
        }
        if rounds_to_at_most(above) {
            hi = above;
        }
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if rounds_to_at_most(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    f64::from_bits(lo)
}

/// The float with bits `b` as `m · 2^k`; the infinity pattern decodes as 2^1024, the next
/// step up from the largest finite float.
pub(super) fn decode(b: u64) -> (u64, i64) {
    let field = (b >> 52) as i64;
    let mant = b & ((1 << 52) - 1);
    if field == 0 {
        (mant, -1074)
    } else {
        (mant | 1 << 52, field - 1075)
    }
}

/// An unsigned integer, little-endian 32-bit limbs, no trailing zero limbs.
#[derive(Clone, Default, PartialEq, Eq)]
pub(super) struct Big(pub(super) Vec<u32>);

impl Big {
    pub(super) fn mul_small(&mut self, k: u32) {
        self.mul_u64(u64::from(k));
    }

    pub(super) fn mul_u64(&mut self, k: u64) {
        let mut carry: u128 = 0;
        for limb in &mut self.0 {
            let v = u128::from(*limb) * u128::from(k) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        while carry > 0 {
            self.0.push(carry as u32);
            carry >>= 32;
        }
        self.trim();
    }

    /// × 5^n, thirteen fives at a time (5^13 < 2^32).
    pub(super) fn mul_pow5(&mut self, mut n: u64) {
        while n > 0 {
            let step = n.min(13);
            self.mul_small(5u32.pow(step as u32));
            n -= step;
        }
    }

    /// × 10^n, nine tens at a time.
    pub(super) fn mul_pow10(&mut self, mut n: u64) {
        while n > 0 {
            let step = n.min(9);
            self.mul_small(10u32.pow(step as u32));
            n -= step;
        }
    }

    pub(super) fn add_small(&mut self, k: u32) {
        let mut carry = u64::from(k);
        for limb in &mut self.0 {
            if carry == 0 {
                break;
            }
            let v = u64::from(*limb) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    pub(super) fn shl(&mut self, bits: u64) {
        if self.0.is_empty() {
            return;
        }
        let (words, bits) = ((bits / 32) as usize, (bits % 32) as u32);
        if bits > 0 {
            let mut carry = 0u32;
            for limb in &mut self.0 {
                let v = (u64::from(*limb) << bits) | u64::from(carry);
                *limb = v as u32;
                carry = (v >> 32) as u32;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        if words > 0 {
            let mut shifted = vec![0; words];
            shifted.append(&mut self.0);
            self.0 = shifted;
        }
    }

    /// Decimal digits (0..=9), most significant first; empty for zero.
    pub(super) fn into_digits(mut self) -> Vec<u8> {
        // Nine digits per pass (divide by 10^9), least significant first, then reversed.
        let mut out = Vec::new();
        while !self.0.is_empty() {
            let mut rem = 0u64;
            for limb in self.0.iter_mut().rev() {
                let v = (rem << 32) | u64::from(*limb);
                *limb = (v / 1_000_000_000) as u32;
                rem = v % 1_000_000_000;
            }
            self.trim();
            for _ in 0..9 {
                out.push((rem % 10) as u8);
                rem /= 10;
            }
        }
        while out.last() == Some(&0) {
            out.pop();
        }
        out.reverse();
        out
    }

    pub(super) fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn cmp(&self, other: &Big) -> core::cmp::Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    fn check(text: &str) {
        let want: f64 = text.parse().unwrap();
        let got = parse(text.as_bytes());
        assert_eq!(got.to_bits(), want.to_bits(), "{text}: {got:e} vs {want:e}");
    }

    /// xorshift64*, deterministic.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    #[test]
    fn known_values() {
        for t in [
            "0",
            "-0",
            "0.0",
            "1",
            "-1",
            "0.1",
            "0.2",
            "0.3",
            "19.99",
            "1e22",
            "1e23",
            "9007199254740993",
            "9007199254740992",
            "123456789012345678901234567890",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e309",
            "-1e309",
            "2.2250738585072014e-308",
            "2.2250738585072011e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "2.4703282292062326e-324",
            "1e-400",
            "0.000000000000000000001",
            "1E5",
            "1e+5",
            "1.5e-5",
            "100000000000000000000000",
            "1e99999999999",
            "1e-99999999999",
            "0.30000000000000004",
            "3.141592653589793238462643383279502884197",
            "2.2204460492503131e-16",
            "1448997445238699",
            "4.35e-20",
            "7.2057594037927933e16",
        ] {
            check(t);
        }
    }

    #[test]
    fn random_shapes_match_std() {
        let mut r = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..40_000 {
            let n = match r.below(10) {
                0 => 1 + r.below(900) as usize,
                1..=3 => 16 + r.below(6) as usize,
                _ => 1 + r.below(15) as usize,
            };
            let mut s = String::new();
            if r.below(4) == 0 {
                s.push('-');
            }
            let mut digits: String = (0..n)
                .map(|i| {
                    let d = if i == 0 { 1 + r.below(9) } else { r.below(10) };
                    char::from(b'0' + d as u8)
                })
                .collect();
            if r.below(3) == 0 {
                digits = format!("0.{}{digits}", "0".repeat(r.below(20) as usize));
            } else if n > 1 && r.below(2) == 0 {
                let at = 1 + r.below(n as u64 - 1) as usize;
                digits.insert(at, '.');
            }
            s.push_str(&digits);
            if r.below(2) == 0 {
                s.push_str(&format!("e{}", r.below(800) as i64 - 400));
            }
            check(&s);
        }
    }

    #[test]
    fn every_float_round_trips_through_its_display_forms() {
        let mut r = Rng(42);
        for _ in 0..10_000 {
            let f = f64::from_bits(r.next() & !(1 << 63));
            if !f.is_finite() {
                continue;
            }
            check(&format!("{f:e}"));
            check(&format!("{f:.e}", f = f));
            check(&format!("{f:.20e}"));
            if f.abs() < 1e30 && f.abs() > 1e-30 {
                check(&format!("{f}"));
            }
        }
    }

    #[test]
    fn halfway_points_and_their_neighbours() {
        let mut r = Rng(7);
        for _ in 0..3_000 {
            let b = r.next() & 0x7fef_ffff_ffff_ffff;
            let lo = f64::from_bits(b);
            let hi = f64::from_bits(b + 1);
            // The exact midpoint, written out with all its digits, then nudged either way.
            let mid = exact_decimal_midpoint(lo, hi);
            check(&mid);
            let (mant, e) = mid.split_once('e').unwrap();
            let mant = if mant.contains('.') {
                mant.to_string()
            } else {
                format!("{mant}.")
            };
            check(&format!("{mant}0000001e{e}"));
            let mut down = mant.clone().into_bytes();
            // Decrement the last digit (a fractional midpoint ends in 5) and append 9s.
            let last = down.iter().rposition(u8::is_ascii_digit).unwrap();
            if down[last] > b'0' {
                down[last] -= 1;
                check(&format!("{}9e{e}", String::from_utf8(down).unwrap()));
            }
        }
    }

    /// (lo + hi) / 2 in exact decimal scientific form, by integer arithmetic.
    fn exact_decimal_midpoint(lo: f64, hi: f64) -> String {
        let (m1, k1) = super::decode(lo.to_bits());
        let (m2, k2) = super::decode(hi.to_bits());
        let sum = m1 + (m2 << (k2 - k1));
        // value = sum · 2^(k1-1)
        let k = k1 - 1;
        let mut big = super::Big::default();
        big.add_small(1);
        big.mul_u64(sum);
        let mut dec_exp = 0i64;
        if k >= 0 {
            big.shl(k as u64);
        } else {
            for _ in 0..-k {
                big.mul_small(5);
            }
            dec_exp = k;
        }
        let digits = to_decimal(big);
        format!(
            "{}.{}e{}",
            &digits[..1],
            &digits[1..],
            dec_exp + digits.len() as i64 - 1
        )
    }

    fn to_decimal(big: super::Big) -> String {
        big.into_digits()
            .into_iter()
            .map(|d| char::from(b'0' + d))
            .collect()
    }
}

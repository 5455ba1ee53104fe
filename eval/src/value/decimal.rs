//! BigDecimal arithmetic with `java.math.BigDecimal`'s scales, which Clojure shows in every
//! printed result (`(* 1.0M 3)` is `3.0M`, `(quot 0 1.0M)` is `0E+1M`): sums take the larger
//! scale, products the sum of the scales, and integral division the difference. The
//! `bigdecimal` crate's operators return the same values but not always the same scales, so
//! the operations are written on (unscaled integer, scale) pairs here.

use bigdecimal::BigDecimal;
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

use crate::vm::Throw;

fn parts(d: &BigDecimal) -> (BigInt, i64) {
    d.as_bigint_and_exponent()
}

fn pow10(n: i64) -> BigInt {
    num_traits::pow(BigInt::from(10), n.max(0) as usize)
}

/// `a + b` (or `a - b` when `negate`), at the larger scale.
pub fn add(a: &BigDecimal, b: &BigDecimal, negate: bool) -> BigDecimal {
    let ((ia, sa), (ib, sb)) = (parts(a), parts(b));
    let s = sa.max(sb);
    let (x, y) = (ia * pow10(s - sa), ib * pow10(s - sb));
    BigDecimal::new(if negate { x - y } else { x + y }, s)
}

/// `a * b`, at the sum of the scales.
pub fn mul(a: &BigDecimal, b: &BigDecimal) -> BigDecimal {
    let ((ia, sa), (ib, sb)) = (parts(a), parts(b));
    BigDecimal::new(ia * ib, sa + sb)
}

/// `BigDecimal.divideToIntegralValue`: the truncated quotient, at the preferred scale
/// `a.scale - b.scale` when the value allows it, else the scale closest to it.
pub fn div_to_integral(a: &BigDecimal, b: &BigDecimal) -> Result<BigDecimal, Throw> {
    let ((ia, sa), (ib, sb)) = (parts(a), parts(b));
    if ib.is_zero() {
        return Err(Throw::arithmetic("Division by zero"));
    }
    // a / b = (ia · 10^sb) / (ib · 10^sa)
    let num = ia * pow10(sb - sa);
    let den = ib * pow10(sa - sb);
    let mut q = &num / &den;
    let preferred = sa - sb;
    if preferred >= 0 {
        return Ok(BigDecimal::new(q * pow10(preferred), preferred));
    }
    if q.is_zero() {
        return Ok(BigDecimal::new(q, preferred));
    }
    let ten = BigInt::from(10);
    let mut scale = 0;
    while scale > preferred && (&q % &ten).is_zero() {
        q /= &ten;
        scale -= 1;
    }
    Ok(BigDecimal::new(q, scale))
}

/// `BigDecimal.remainder`: `a - divideToIntegralValue(a, b) · b`.
pub fn rem(a: &BigDecimal, b: &BigDecimal) -> Result<BigDecimal, Throw> {
    let q = div_to_integral(a, b)?;
    Ok(add(a, &mul(&q, b), true))
}

/// A ratio as an exact decimal (`Ratio.decimalValue`); an error when its expansion does not
/// terminate (the denominator has a prime factor other than 2 and 5).
pub fn from_ratio(r: &BigRational) -> Result<BigDecimal, Throw> {
    let (mut d, mut twos, mut fives) = (r.denom().abs(), 0i64, 0i64);
    let (two, five) = (BigInt::from(2), BigInt::from(5));
    while d.is_even() {
        d /= &two;
        twos += 1;
    }
    while (&d % &five).is_zero() {
        d /= &five;
        fives += 1;
    }
    if !d.is_one() {
        return Err(Throw::arithmetic(
            "Non-terminating decimal expansion; no exact representable decimal result.",
        ));
    }
    let scale = twos.max(fives);
    let unscaled = r.numer() * (pow10(scale) / r.denom());
    Ok(BigDecimal::new(unscaled, scale))
}

/// `a / b` exactly (Clojure's `/` with no `*math-context*`): the exact quotient at the
/// preferred scale `a.scale - b.scale` when the value allows it; an error when the quotient
/// has no finite decimal expansion.
pub fn div(a: &BigDecimal, b: &BigDecimal) -> Result<BigDecimal, Throw> {
    let ((ia, sa), (ib, sb)) = (parts(a), parts(b));
    if ib.is_zero() {
        return Err(Throw::arithmetic("Division by zero"));
    }
    let exact = BigRational::new(ia * pow10(sb - sa), ib * pow10(sa - sb));
    let (u, k) = parts(&from_ratio(&exact)?);
    Ok(at_preferred_scale(u, k, sa - sb))
}

/// The exact value `u · 10^-k` at the scale nearest to `preferred` that keeps it exact.
fn at_preferred_scale(mut u: BigInt, mut k: i64, preferred: i64) -> BigDecimal {
    if k < preferred {
        u *= pow10(preferred - k);
        return BigDecimal::new(u, preferred);
    }
    let ten = BigInt::from(10);
    if u.is_zero() {
        return BigDecimal::new(u, preferred);
    }
    while k > preferred && (&u % &ten).is_zero() {
        u /= &ten;
        k -= 1;
    }
    BigDecimal::new(u, k)
}

/// `BigDecimal.toString`: plain digits with the scale's decimal places, or scientific
/// notation (`1E+1`, `1.5E-7`) when the scale is negative or the value is very small.
pub fn java_string(d: &BigDecimal) -> String {
    let (u, scale) = parts(d);
    let digits = u.abs().to_string();
    let sign = if u.is_negative() { "-" } else { "" };
    let adjusted = -scale + digits.len() as i64 - 1;
    if scale >= 0 && adjusted >= -6 {
        if scale == 0 {
            return format!("{sign}{digits}");
        }
        let scale = scale as usize;
        let padded = if digits.len() <= scale {
            format!("{}{digits}", "0".repeat(scale - digits.len() + 1))
        } else {
            digits
        };
        let (int, frac) = padded.split_at(padded.len() - scale);
        return format!("{sign}{int}.{frac}");
    }
    let mantissa = if digits.len() > 1 {
        format!("{}.{}", &digits[..1], &digits[1..])
    } else {
        digits
    };
    let exp_sign = if adjusted >= 0 { "+" } else { "" };
    format!("{sign}{mantissa}E{exp_sign}{adjusted}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> BigDecimal {
        s.parse().unwrap()
    }

    fn show(x: BigDecimal) -> String {
        let (i, s) = parts(&x);
        format!("{i}e-{s}")
    }

    #[test]
    fn scales_follow_java() {
        assert_eq!(show(mul(&d("1.0"), &d("3"))), "30e-1");
        assert_eq!(show(add(&d("1.0"), &d("1"), true)), "0e-1");
        assert_eq!(show(add(&d("1.25"), &d("1.5"), false)), "275e-2");
        assert_eq!(show(div_to_integral(&d("0"), &d("1.0")).unwrap()), "0e--1");
        assert_eq!(show(div_to_integral(&d("1"), &d("1.0")).unwrap()), "1e-0");
        assert_eq!(show(div_to_integral(&d("7.5"), &d("2")).unwrap()), "30e-1");
        assert_eq!(show(rem(&d("1"), &d("1.0")).unwrap()), "0e-1");
        assert_eq!(show(rem(&d("-7"), &d("2.5")).unwrap()), "-20e-1");
        assert!(div_to_integral(&d("1"), &d("0.0")).is_err());
    }

    #[test]
    fn exact_division_and_java_printing() {
        let p = |a: &str, b: &str| java_string(&div(&d(a), &d(b)).unwrap());
        assert_eq!(p("1.0", "1.0"), "1");
        assert_eq!(p("0", "1.0"), "0E+1");
        assert_eq!(p("10", "1.0"), "1E+1");
        assert_eq!(p("1", "8"), "0.125");
        assert_eq!(p("1.00", "4"), "0.25");
        assert!(div(&d("1"), &d("3")).is_err());
        assert_eq!(java_string(&d("0.0")), "0.0");
        assert_eq!(java_string(&d("-0.0001")), "-0.0001");
        assert_eq!(java_string(&d("1.5E-9")), "1.5E-9");
        assert_eq!(java_string(&d("123.4500")), "123.4500");
    }

    #[test]
    fn exact_ratios_only() {
        let r = |n: i64, m: i64| BigRational::new(BigInt::from(n), BigInt::from(m));
        assert_eq!(show(from_ratio(&r(-3, 4)).unwrap()), "-75e-2");
        assert_eq!(show(from_ratio(&r(1, 8)).unwrap()), "125e-3");
        assert!(from_ratio(&r(1, 3)).is_err());
    }
}

//! The numeric tower: longs (overflow-checked), BigInt, Ratio, double, BigDecimal, with
//! JVM Clojure's contagion rules (double beats everything, then BigDecimal, Ratio, BigInt).

use std::cmp::Ordering;
use std::rc::Rc;

use bigdecimal::BigDecimal;
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::{Value, decimal};
use crate::vm::Throw;

/// Reads a number literal the way `LispReader.matchNumber` does; `None` when malformed.
pub fn parse_number(text: &str) -> Option<Value> {
    let (neg, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let signed = |n: BigInt| if neg { -n } else { n };
    if let Some((n, d)) = body.split_once('/') {
        let n: BigInt = n.parse().ok()?;
        let d: BigInt = d.parse().ok()?;
        if d.is_zero() {
            return None;
        }
        return Some(ratio_value(BigRational::new(signed(n), d)));
    }
    if let Some(b) = body.strip_suffix('M') {
        let d: BigDecimal = b.parse().ok()?;
        return Some(Value::BigDec(Rc::new(if neg { -d } else { d })));
    }
    let is_radix = body.contains(['r', 'R']) && !body.starts_with("0x") && !body.starts_with("0X");
    if !is_radix
        && (body.contains(['.', 'e', 'E']))
        && !body.starts_with("0x")
        && !body.starts_with("0X")
    {
        let d: f64 = body.parse().ok()?;
        return Some(Value::Double(if neg { -d } else { d }));
    }
    let (digits, radix, big) =
        if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            let (h, big) = strip_n(h);
            (h, 16, big)
        } else if is_radix {
            let (r, ds) = body.split_once(['r', 'R'])?;
            let radix: u32 = r.parse().ok()?;
            // A final N is a digit when the radix has it (the reader's digit group is greedy).
            if radix >= 24 {
                (ds, radix, false)
            } else {
                let (d, big) = strip_n(ds);
                (d, radix, big)
            }
        } else {
            let (d, big) = strip_n(body);
            if d.len() > 1 && d.starts_with('0') {
                (&d[1..], 8, big)
            } else {
                (d, 10, big)
            }
        };
    let n = signed(BigInt::parse_bytes(digits.as_bytes(), radix)?);
    Some(if big {
        Value::BigInt(Rc::new(n))
    } else {
        bigint_to_long_or_big(n)
    })
}

fn strip_n(s: &str) -> (&str, bool) {
    match s.strip_suffix('N') {
        Some(d) => (d, true),
        None => (s, false),
    }
}

/// A BigInt that fits a long becomes a long (reader and integer ops), else stays BigInt.
pub fn bigint_to_long_or_big(n: BigInt) -> Value {
    match n.to_i64() {
        Some(l) => Value::Long(l),
        None => Value::BigInt(Rc::new(n)),
    }
}

/// A normalized ratio; integral ones become BigInt (as Clojure's Ratio ops return).
fn ratio_value(r: BigRational) -> Value {
    if r.denom().is_one() {
        Value::BigInt(Rc::new(r.numer().clone()))
    } else {
        Value::Ratio(Rc::new(r))
    }
}

pub fn is_number(v: &Value) -> bool {
    matches!(
        v,
        Value::Long(_) | Value::Double(_) | Value::BigInt(_) | Value::Ratio(_) | Value::BigDec(_)
    )
}

/// Operand category, in contagion order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cat {
    Long,
    BigInt,
    Ratio,
    BigDec,
    Double,
}

fn cat(v: &Value) -> Option<Cat> {
    Some(match v {
        Value::Long(_) => Cat::Long,
        Value::BigInt(_) => Cat::BigInt,
        Value::Ratio(_) => Cat::Ratio,
        Value::BigDec(_) => Cat::BigDec,
        Value::Double(_) => Cat::Double,
        _ => return None,
    })
}

pub fn to_f64(v: &Value) -> f64 {
    match v {
        Value::Long(n) => *n as f64,
        Value::Double(d) => *d,
        Value::BigInt(n) => n.to_f64().unwrap_or(f64::NAN),
        Value::Ratio(r) => r.to_f64().unwrap_or(f64::NAN),
        Value::BigDec(d) => d.to_f64().unwrap_or(f64::NAN),
        _ => f64::NAN,
    }
}

pub(crate) fn to_bigint(v: &Value) -> BigInt {
    match v {
        Value::Long(n) => BigInt::from(*n),
        Value::BigInt(n) => (**n).clone(),
        _ => BigInt::zero(),
    }
}

pub(crate) fn to_ratio(v: &Value) -> BigRational {
    match v {
        Value::Ratio(r) => (**r).clone(),
        _ => BigRational::from_integer(to_bigint(v)),
    }
}

pub(crate) fn to_bigdec(v: &Value) -> BigDecimal {
    match v {
        Value::BigDec(d) => (**d).clone(),
        Value::Ratio(r) => {
            BigDecimal::from(r.numer().clone()) / BigDecimal::from(r.denom().clone())
        }
        _ => BigDecimal::from(to_bigint(v)),
    }
}

/// `to_bigdec` for arithmetic: a ratio must have an exact decimal expansion.
fn to_bigdec_exact(v: &Value) -> Result<BigDecimal, Throw> {
    match v {
        Value::Ratio(r) => super::decimal::from_ratio(r),
        _ => Ok(to_bigdec(v)),
    }
}

pub(crate) fn not_a_number(v: &Value) -> Throw {
    if v.is_nil() {
        return Throw::new(
            crate::vm::ExClass::NullPointer,
            "Cannot invoke a number operation on nil",
        );
    }
    Throw::class_cast(format!(
        "class {} cannot be cast to class java.lang.Number",
        v.type_name()
    ))
}

/// The category both operands are computed in, or a ClassCastException.
fn common(a: &Value, b: &Value) -> Result<Cat, Throw> {
    let ca = cat(a).ok_or_else(|| not_a_number(a))?;
    let cb = cat(b).ok_or_else(|| not_a_number(b))?;
    Ok(ca.max(cb))
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
}

/// `+`, `-`, `*`; `promote` gives the `+'` family (BigInt on long overflow instead of an error).
pub fn arith(op: Op, a: &Value, b: &Value, promote: bool) -> Result<Value, Throw> {
    if let (Value::Long(x), Value::Long(y)) = (a, b) {
        let r = match op {
            Op::Add => x.checked_add(*y),
            Op::Sub => x.checked_sub(*y),
            Op::Mul => x.checked_mul(*y),
        };
        return match r {
            Some(r) => Ok(Value::Long(r)),
            None if promote => {
                let (x, y) = (BigInt::from(*x), BigInt::from(*y));
                Ok(Value::BigInt(Rc::new(match op {
                    Op::Add => x + y,
                    Op::Sub => x - y,
                    Op::Mul => x * y,
                })))
            }
            None => Err(Throw::arithmetic("long overflow")),
        };
    }
    Ok(match common(a, b)? {
        Cat::Double => {
            let (x, y) = (to_f64(a), to_f64(b));
            Value::Double(match op {
                Op::Add => x + y,
                Op::Sub => x - y,
                Op::Mul => x * y,
            })
        }
        Cat::Long | Cat::BigInt => {
            let (x, y) = (to_bigint(a), to_bigint(b));
            Value::BigInt(Rc::new(match op {
                Op::Add => x + y,
                Op::Sub => x - y,
                Op::Mul => x * y,
            }))
        }
        Cat::Ratio => {
            let (x, y) = (to_ratio(a), to_ratio(b));
            ratio_value(match op {
                Op::Add => x + y,
                Op::Sub => x - y,
                Op::Mul => x * y,
            })
        }
        Cat::BigDec => {
            let (x, y) = (to_bigdec_exact(a)?, to_bigdec_exact(b)?);
            Value::BigDec(Rc::new(match op {
                Op::Add => decimal::add(&x, &y, false),
                Op::Sub => decimal::add(&x, &y, true),
                Op::Mul => decimal::mul(&x, &y),
            }))
        }
    })
}

/// `/`.
pub fn divide(a: &Value, b: &Value) -> Result<Value, Throw> {
    match common(a, b)? {
        Cat::Double => Ok(Value::Double(to_f64(a) / to_f64(b))),
        Cat::Long | Cat::BigInt | Cat::Ratio => {
            let y = to_ratio(b);
            if y.is_zero() {
                return Err(Throw::arithmetic("Divide by zero"));
            }
            let r = to_ratio(a) / y;
            Ok(
                if r.denom().is_one() && matches!((a, b), (Value::Long(_), Value::Long(_))) {
                    bigint_to_long_or_big(r.numer().clone())
                } else {
                    ratio_value(r)
                },
            )
        }
        Cat::BigDec => {
            let y = to_bigdec_exact(b)?;
            if y.is_zero() {
                return Err(Throw::arithmetic("Divide by zero"));
            }
            Ok(Value::BigDec(Rc::new(decimal::div(
                &to_bigdec_exact(a)?,
                &y,
            )?)))
        }
    }
}

/// `quot`, `rem` (truncating) and `mod` (flooring).
pub fn int_div(a: &Value, b: &Value, kind: char) -> Result<Value, Throw> {
    if let (Value::Long(x), Value::Long(y)) = (a, b) {
        if *y == 0 {
            return Err(Throw::arithmetic("Divide by zero"));
        }
        return Ok(Value::Long(match kind {
            'q' => x.wrapping_div(*y),
            'r' => x.wrapping_rem(*y),
            _ => x.mod_floor(y),
        }));
    }
    match common(a, b)? {
        Cat::Double => {
            let (x, y) = (to_f64(a), to_f64(b));
            if y == 0.0 {
                return Err(Throw::arithmetic("Divide by zero"));
            }
            // Clojure truncates the quotient through a long when it fits (so the result is
            // never -0.0), and takes the remainder from that truncated quotient.
            let q = x / y;
            let t = if q.abs() < 9.2e18 {
                (q as i64) as f64
            } else {
                q.trunc()
            };
            let r = x - t * y;
            Ok(Value::Double(match kind {
                'q' => t,
                'r' => r,
                _ if r == 0.0 || (x > 0.0) == (y > 0.0) => r,
                _ => r + y,
            }))
        }
        Cat::Ratio => {
            let (x, y) = (to_ratio(a), to_ratio(b));
            if y.is_zero() {
                return Err(Throw::arithmetic("Divide by zero"));
            }
            let q = (&x / &y).to_integer();
            if kind == 'q' {
                return Ok(Value::BigInt(Rc::new(q)));
            }
            let r = &x - BigRational::from_integer(q) * &y;
            let r = if kind == 'm' && !r.is_zero() && x.is_positive() != y.is_positive() {
                r + y
            } else {
                r
            };
            Ok(ratio_value(r))
        }
        Cat::BigDec => {
            let (x, y) = (to_bigdec_exact(a)?, to_bigdec_exact(b)?);
            if y.is_zero() {
                return Err(Throw::arithmetic("Divide by zero"));
            }
            Ok(Value::BigDec(Rc::new(match kind {
                'q' => decimal::div_to_integral(&x, &y)?,
                'r' => decimal::rem(&x, &y)?,
                _ => {
                    let r = decimal::rem(&x, &y)?;
                    if r.is_zero() || x.is_positive() == y.is_positive() {
                        r
                    } else {
                        decimal::add(&r, &y, false)
                    }
                }
            })))
        }
        Cat::Long | Cat::BigInt => {
            let (x, y) = (to_bigint(a), to_bigint(b));
            if y.is_zero() {
                return Err(Throw::arithmetic("Divide by zero"));
            }
            Ok(Value::BigInt(Rc::new(match kind {
                'q' => &x / &y,
                'r' => &x % &y,
                _ => x.mod_floor(&y),
            })))
        }
    }
}

/// Numeric comparison (`<`, `==`, …); NaN compares as unordered.
pub fn compare(a: &Value, b: &Value) -> Result<Option<Ordering>, Throw> {
    if let (Value::Long(x), Value::Long(y)) = (a, b) {
        return Ok(Some(x.cmp(y)));
    }
    Ok(match common(a, b)? {
        Cat::Double => to_f64(a).partial_cmp(&to_f64(b)),
        Cat::Long | Cat::BigInt => Some(to_bigint(a).cmp(&to_bigint(b))),
        Cat::Ratio => Some(to_ratio(a).cmp(&to_ratio(b))),
        Cat::BigDec => Some(to_bigdec_exact(a)?.cmp(&to_bigdec_exact(b)?)),
    })
}

/// `(zero? x)` and friends need a sign.
pub fn signum(v: &Value) -> Result<i32, Throw> {
    Ok(match v {
        Value::Long(n) => n.signum() as i32,
        Value::Double(d) => {
            if *d > 0.0 {
                1
            } else if *d < 0.0 {
                -1
            } else {
                0
            }
        }
        Value::BigInt(n) => n.signum().to_i32().unwrap_or(0),
        Value::Ratio(r) => r.signum().to_integer().to_i32().unwrap_or(0),
        Value::BigDec(d) => d.signum().to_i32().unwrap_or(0),
        _ => return Err(not_a_number(v)),
    })
}

/// `(inc x)` / `(dec x)` fast path.
pub fn add_long(a: &Value, n: i64) -> Result<Value, Throw> {
    arith(Op::Add, a, &Value::Long(n), false)
}

//! Numeric natives of `clojure.core` beyond arithmetic: coercions (`long`, `double`,
//! `int`, `char`, `bigint`, `bigdec`, `rationalize`, …), ratio parts, bit operations,
//! unchecked arithmetic, `hash`, parsing and random numbers. Coercions follow the JVM:
//! `(long 2.9)` truncates, `(int 1e10)` is out of range, `(char 97)` is `\a`.

use std::rc::Rc;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::value::num::{self, not_a_number};
use crate::value::{Value, eq};
use crate::vm::{Interp, NativeImpl, Throw};

type R = Result<Value, Throw>;

fn one<'a>(a: &'a [Value], name: &str) -> Result<&'a Value, Throw> {
    match a {
        [x] => Ok(x),
        _ => Err(Throw::arity(a.len(), &format!("clojure.core/{name}"))),
    }
}

fn two<'a>(a: &'a [Value], name: &str) -> Result<(&'a Value, &'a Value), Throw> {
    match a {
        [x, y] => Ok((x, y)),
        _ => Err(Throw::arity(a.len(), &format!("clojure.core/{name}"))),
    }
}

fn number(v: &Value) -> Result<&Value, Throw> {
    if num::is_number(v) {
        Ok(v)
    } else {
        Err(not_a_number(v))
    }
}

/// Truncates any number (or a char) to an i64 the way `(long x)` does.
fn to_long(v: &Value, what: &str) -> Result<i64, Throw> {
    match v {
        Value::Long(n) => Ok(*n),
        Value::Char(c) => Ok(*c as i64),
        Value::Double(d) => {
            if d.is_nan() {
                Ok(0)
            } else {
                Ok(d.trunc().clamp(i64::MIN as f64, i64::MAX as f64) as i64)
            }
        }
        Value::BigInt(_) | Value::Ratio(_) | Value::BigDec(_) => {
            let t = num::to_ratio(&match v {
                Value::BigDec(d) => {
                    let (n, scale) = d.as_bigint_and_exponent();
                    let r = if scale >= 0 {
                        BigRational::new(n, BigInt::from(10).pow(scale as u32))
                    } else {
                        BigRational::from_integer(n * BigInt::from(10).pow((-scale) as u32))
                    };
                    Value::Ratio(Rc::new(r))
                }
                other => other.clone(),
            })
            .trunc()
            .to_integer();
            t.to_i64().ok_or_else(|| {
                Throw::illegal_argument(format!("Value out of range for {what}: {t}"))
            })
        }
        x => Err(not_a_number(x)),
    }
}

fn n_long(_: &Interp, a: &[Value]) -> R {
    Ok(Value::Long(to_long(one(a, "long")?, "long")?))
}

fn ranged(a: &[Value], name: &str, min: i64, max: i64) -> R {
    let x = one(a, name)?;
    if let Value::Double(d) = x
        && !d.is_nan()
        && (d.trunc() < min as f64 || d.trunc() > max as f64)
    {
        return Err(Throw::illegal_argument(format!(
            "Value out of range for {name}: {}",
            crate::value::print::pr_str(x)
        )));
    }
    let n = to_long(x, name)?;
    if name == "int" && matches!(x, Value::Long(_)) && (n < min || n > max) {
        return Err(Throw::arithmetic("integer overflow"));
    }
    if n < min || n > max {
        return Err(Throw::illegal_argument(format!(
            "Value out of range for {name}: {n}"
        )));
    }
    Ok(Value::Long(n))
}

fn n_int(_: &Interp, a: &[Value]) -> R {
    ranged(a, "int", i32::MIN.into(), i32::MAX.into())
}
fn n_short(_: &Interp, a: &[Value]) -> R {
    ranged(a, "short", i16::MIN.into(), i16::MAX.into())
}
fn n_byte(_: &Interp, a: &[Value]) -> R {
    ranged(a, "byte", i8::MIN.into(), i8::MAX.into())
}

fn n_double(_: &Interp, a: &[Value]) -> R {
    match one(a, "double")? {
        Value::Char(c) => Ok(Value::Double(*c as u32 as f64)),
        x => Ok(Value::Double(num::to_f64(number(x)?))),
    }
}

fn n_float(_: &Interp, a: &[Value]) -> R {
    let x = number(one(a, "float")?)?;
    Ok(Value::Double(f64::from(num::to_f64(x) as f32)))
}

fn n_num(_: &Interp, a: &[Value]) -> R {
    Ok(number(one(a, "num")?)?.clone())
}

fn n_char(_: &Interp, a: &[Value]) -> R {
    match one(a, "char")? {
        Value::Char(c) => Ok(Value::Char(*c)),
        x => {
            let n = to_long(x, "char")?;
            u32::try_from(n)
                .ok()
                .filter(|n| *n <= 0xFFFF)
                .and_then(char::from_u32)
                .map(Value::Char)
                .ok_or_else(|| Throw::illegal_argument(format!("Value out of range for char: {n}")))
        }
    }
}

fn n_boolean(_: &Interp, a: &[Value]) -> R {
    Ok(Value::Bool(one(a, "boolean")?.truthy()))
}

fn n_bigint(_: &Interp, a: &[Value]) -> R {
    let x = one(a, "bigint")?;
    let n = match x {
        Value::Long(n) => BigInt::from(*n),
        Value::BigInt(n) => (**n).clone(),
        Value::Double(d) => {
            if !d.is_finite() {
                return Err(Throw::new(
                    crate::vm::ExClass::NumberFormat,
                    format!("Infinite or NaN: {d}"),
                ));
            }
            num_bigint::BigInt::from(*d as i128)
        }
        Value::Ratio(r) => r.trunc().to_integer(),
        Value::BigDec(d) => d.with_scale(0).as_bigint_and_exponent().0,
        Value::Str(s) => s.parse::<BigInt>().map_err(|_| {
            Throw::new(
                crate::vm::ExClass::NumberFormat,
                format!("For input string: \"{s}\""),
            )
        })?,
        x => return Err(not_a_number(x)),
    };
    Ok(Value::BigInt(Rc::new(n)))
}

/// `java.math.BigInteger` prints without the `N`; kiln gives a long when it fits.
fn n_biginteger(i: &Interp, a: &[Value]) -> R {
    match n_bigint(i, a)? {
        Value::BigInt(n) => Ok(num::bigint_to_long_or_big((*n).clone())),
        v => Ok(v),
    }
}

fn n_bigdec(_: &Interp, a: &[Value]) -> R {
    let x = one(a, "bigdec")?;
    let d = match x {
        Value::Double(d) => d
            .to_string()
            .parse::<bigdecimal::BigDecimal>()
            .map_err(|_| {
                Throw::new(
                    crate::vm::ExClass::NumberFormat,
                    format!("Infinite or NaN: {d}"),
                )
            })?,
        Value::Str(s) => s.parse::<bigdecimal::BigDecimal>().map_err(|_| {
            Throw::new(
                crate::vm::ExClass::NumberFormat,
                format!("Character array is missing \"exponent\" mark 'e' or 'E'. {s}"),
            )
        })?,
        x => num::to_bigdec(number(x)?),
    };
    Ok(Value::BigDec(Rc::new(d)))
}

fn n_rationalize(_: &Interp, a: &[Value]) -> R {
    match number(one(a, "rationalize")?)? {
        Value::Double(d) => {
            let dec: bigdecimal::BigDecimal = d
                .to_string()
                .parse()
                .map_err(|_| Throw::arithmetic(format!("cannot rationalize {d}")))?;
            rational_from_bigdec(&dec)
        }
        Value::BigDec(d) => rational_from_bigdec(d),
        x => Ok(x.clone()),
    }
}

fn rational_from_bigdec(d: &bigdecimal::BigDecimal) -> R {
    let (n, scale) = d.as_bigint_and_exponent();
    let r = if scale >= 0 {
        BigRational::new(n, BigInt::from(10).pow(scale as u32))
    } else {
        BigRational::from_integer(n * BigInt::from(10).pow((-scale) as u32))
    };
    // An integral result is a BigInt (`(rationalize 1.0)` is `1N`), as Numbers.divide
    // of two BigIntegers gives.
    Ok(if r.denom() == &BigInt::from(1) {
        Value::BigInt(Rc::new(r.numer().clone()))
    } else {
        Value::Ratio(Rc::new(r))
    })
}

fn n_numerator(_: &Interp, a: &[Value]) -> R {
    match one(a, "numerator")? {
        // A java.math.BigInteger in Clojure, which prints without the N.
        Value::Ratio(r) => Ok(num::bigint_to_long_or_big(r.numer().clone())),
        x => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class clojure.lang.Ratio",
            x.type_name()
        ))),
    }
}

fn n_denominator(_: &Interp, a: &[Value]) -> R {
    match one(a, "denominator")? {
        Value::Ratio(r) => Ok(num::bigint_to_long_or_big(r.denom().clone())),
        x => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class clojure.lang.Ratio",
            x.type_name()
        ))),
    }
}

fn bit_arg(v: &Value, name: &str) -> Result<i64, Throw> {
    match v {
        Value::Long(n) => Ok(*n),
        Value::BigInt(n) => n.to_i64().ok_or_else(|| {
            Throw::illegal_argument(format!(
                "bit operation {name} not supported for: class clojure.lang.BigInt"
            ))
        }),
        x if num::is_number(x) => Err(Throw::illegal_argument(format!(
            "bit operation not supported for: class {}",
            x.type_name()
        ))),
        x => Err(not_a_number(x)),
    }
}

fn bit_fold(a: &[Value], name: &str, f: fn(i64, i64) -> i64) -> R {
    if a.len() < 2 {
        return Err(Throw::arity(a.len(), &format!("clojure.core/{name}")));
    }
    let mut acc = bit_arg(&a[0], name)?;
    for x in &a[1..] {
        acc = f(acc, bit_arg(x, name)?);
    }
    Ok(Value::Long(acc))
}

fn n_bit_and(_: &Interp, a: &[Value]) -> R {
    bit_fold(a, "bit-and", |x, y| x & y)
}
fn n_bit_or(_: &Interp, a: &[Value]) -> R {
    bit_fold(a, "bit-or", |x, y| x | y)
}
fn n_bit_xor(_: &Interp, a: &[Value]) -> R {
    bit_fold(a, "bit-xor", |x, y| x ^ y)
}
fn n_bit_and_not(_: &Interp, a: &[Value]) -> R {
    bit_fold(a, "bit-and-not", |x, y| x & !y)
}
fn n_bit_not(_: &Interp, a: &[Value]) -> R {
    Ok(Value::Long(!bit_arg(one(a, "bit-not")?, "bit-not")?))
}

fn shift(a: &[Value], name: &str, f: fn(i64, u32) -> i64) -> R {
    let (x, n) = two(a, name)?;
    let x = bit_arg(x, name)?;
    let n = bit_arg(n, name)?;
    Ok(Value::Long(f(x, (n & 63) as u32)))
}

fn n_shl(_: &Interp, a: &[Value]) -> R {
    shift(a, "bit-shift-left", |x, n| x.wrapping_shl(n))
}
fn n_shr(_: &Interp, a: &[Value]) -> R {
    shift(a, "bit-shift-right", |x, n| x.wrapping_shr(n))
}
fn n_ushr(_: &Interp, a: &[Value]) -> R {
    shift(a, "unsigned-bit-shift-right", |x, n| {
        ((x as u64).wrapping_shr(n)) as i64
    })
}
fn n_bit_test(_: &Interp, a: &[Value]) -> R {
    let (x, n) = two(a, "bit-test")?;
    let (x, n) = (bit_arg(x, "bit-test")?, bit_arg(n, "bit-test")?);
    Ok(Value::Bool((x >> (n & 63)) & 1 == 1))
}
fn n_bit_set(_: &Interp, a: &[Value]) -> R {
    shift(a, "bit-set", |x, n| x | (1i64 << n))
}
fn n_bit_clear(_: &Interp, a: &[Value]) -> R {
    shift(a, "bit-clear", |x, n| x & !(1i64 << n))
}
fn n_bit_flip(_: &Interp, a: &[Value]) -> R {
    shift(a, "bit-flip", |x, n| x ^ (1i64 << n))
}

fn unchecked(a: &[Value], name: &str, f: fn(i64, i64) -> i64) -> R {
    let (x, y) = two(a, name)?;
    match (x, y) {
        (Value::Long(x), Value::Long(y)) => Ok(Value::Long(f(*x, *y))),
        _ => {
            let op = match name {
                "unchecked-add" => num::Op::Add,
                "unchecked-subtract" => num::Op::Sub,
                _ => num::Op::Mul,
            };
            num::arith(op, x, y, false)
        }
    }
}

fn n_unchecked_add(_: &Interp, a: &[Value]) -> R {
    unchecked(a, "unchecked-add", i64::wrapping_add)
}
fn n_unchecked_sub(_: &Interp, a: &[Value]) -> R {
    unchecked(a, "unchecked-subtract", i64::wrapping_sub)
}
fn n_unchecked_mul(_: &Interp, a: &[Value]) -> R {
    unchecked(a, "unchecked-multiply", i64::wrapping_mul)
}
fn n_unchecked_inc(_: &Interp, a: &[Value]) -> R {
    unchecked(
        &[one(a, "unchecked-inc")?.clone(), Value::Long(1)],
        "unchecked-add",
        i64::wrapping_add,
    )
}
fn n_unchecked_dec(_: &Interp, a: &[Value]) -> R {
    unchecked(
        &[one(a, "unchecked-dec")?.clone(), Value::Long(1)],
        "unchecked-subtract",
        i64::wrapping_sub,
    )
}
fn n_unchecked_negate(_: &Interp, a: &[Value]) -> R {
    unchecked(
        &[Value::Long(0), one(a, "unchecked-negate")?.clone()],
        "unchecked-subtract",
        i64::wrapping_sub,
    )
}

fn n_hash(_: &Interp, a: &[Value]) -> R {
    Ok(Value::Long(i64::from(eq::hasheq(one(a, "hash")?))))
}

/// `(hash-unordered-coll coll)`: Clojure's unordered hash of the elements, duplicates
/// included (a set's `hash` when coll is a set).
fn n_hash_unordered(_: &Interp, a: &[Value]) -> R {
    let items = crate::core::items(one(a, "hash-unordered-coll")?)?;
    Ok(Value::Long(i64::from(crate::value::hash::hash_unordered(
        items.iter().map(eq::hasheq),
    ))))
}

fn n_float_p(_: &Interp, a: &[Value]) -> R {
    Ok(Value::Bool(matches!(one(a, "float?")?, Value::Double(_))))
}
fn n_rational_p(_: &Interp, a: &[Value]) -> R {
    Ok(Value::Bool(matches!(
        one(a, "rational?")?,
        Value::Long(_) | Value::BigInt(_) | Value::Ratio(_) | Value::BigDec(_)
    )))
}
fn n_decimal_p(_: &Interp, a: &[Value]) -> R {
    Ok(Value::Bool(matches!(one(a, "decimal?")?, Value::BigDec(_))))
}
fn n_int_p(_: &Interp, a: &[Value]) -> R {
    Ok(Value::Bool(matches!(one(a, "int?")?, Value::Long(_))))
}

fn n_abs(_: &Interp, a: &[Value]) -> R {
    match number(one(a, "abs")?)? {
        Value::Long(n) => Ok(Value::Long(n.wrapping_abs())),
        Value::Double(d) => Ok(Value::Double(d.abs())),
        Value::BigInt(n) => Ok(Value::BigInt(Rc::new(n.abs()))),
        Value::Ratio(r) => Ok(Value::Ratio(Rc::new(r.abs()))),
        Value::BigDec(d) => Ok(Value::BigDec(Rc::new(d.abs()))),
        x => Ok(x.clone()),
    }
}

fn string_arg(v: &Value) -> Result<&str, Throw> {
    match v {
        Value::Str(s) => Ok(s),
        x => Err(Throw::illegal_argument(format!(
            "Expected string, got {}",
            if x.is_nil() { "nil" } else { x.type_name() }
        ))),
    }
}

fn n_parse_long(_: &Interp, a: &[Value]) -> R {
    let s = string_arg(one(a, "parse-long")?)?;
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Value::Nil);
    }
    Ok(s.trim_start_matches('+')
        .parse::<i64>()
        .map_or(Value::Nil, Value::Long))
}

fn n_parse_double(_: &Interp, a: &[Value]) -> R {
    let s = string_arg(one(a, "parse-double")?)?;
    let t = s.trim();
    let v = match t {
        "NaN" | "+NaN" | "-NaN" => Some(f64::NAN),
        "Infinity" | "+Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ if t
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eEdDfF".contains(&b))
            && t.bytes().any(|b| b.is_ascii_digit()) =>
        {
            t.trim_end_matches(['d', 'D', 'f', 'F']).parse::<f64>().ok()
        }
        _ => None,
    };
    Ok(v.map_or(Value::Nil, Value::Double))
}

fn n_parse_boolean(_: &Interp, a: &[Value]) -> R {
    let s = string_arg(one(a, "parse-boolean")?)?;
    Ok(match s {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => Value::Nil,
    })
}

fn n_rand(_: &Interp, a: &[Value]) -> R {
    let r = super::random_f64();
    match a {
        [] => Ok(Value::Double(r)),
        [n] => Ok(Value::Double(r * num::to_f64(number(n)?))),
        _ => Err(Throw::arity(a.len(), "clojure.core/rand")),
    }
}

fn n_nan_p(_: &Interp, a: &[Value]) -> R {
    Ok(Value::Bool(num::to_f64(number(one(a, "NaN?")?)?).is_nan()))
}
fn n_infinite_p(_: &Interp, a: &[Value]) -> R {
    Ok(Value::Bool(
        num::to_f64(number(one(a, "infinite?")?)?).is_infinite(),
    ))
}

fn n_even_p(_: &Interp, a: &[Value]) -> R {
    Ok(Value::Bool(is_even(one(a, "even?")?)?))
}

fn n_odd_p(_: &Interp, a: &[Value]) -> R {
    Ok(Value::Bool(!is_even(one(a, "odd?")?)?))
}

fn is_even(x: &Value) -> Result<bool, Throw> {
    match x {
        Value::Long(n) => Ok(n % 2 == 0),
        Value::BigInt(n) => Ok((&**n % 2u32).is_zero()),
        x => Err(Throw::illegal_argument(format!(
            "Argument must be an integer: {}",
            crate::value::print::pr_str(x)
        ))),
    }
}

/// An inlined predicate (`Op::Unary`) on what its fast path does not cover (longs, and
/// `not nil? some?` on anything): other numbers, and the errors of non-numbers.
pub(crate) fn unary_slow(u: crate::chunk::Un, x: &Value) -> Result<bool, Throw> {
    use crate::chunk::Un;
    Ok(match u {
        Un::Zero => num::signum(x)? == 0,
        Un::Pos => num::signum(x)? > 0,
        Un::Neg => num::signum(x)? < 0,
        Un::Even => is_even(x)?,
        Un::Odd => !is_even(x)?,
        Un::Not => !x.truthy(),
        Un::Nil => x.is_nil(),
        Un::Some => !x.is_nil(),
    })
}

/// Numeric natives, by name.
pub const NATIVES: &[(&str, NativeImpl)] = &[
    ("long", n_long),
    ("int", n_int),
    ("short", n_short),
    ("byte", n_byte),
    ("double", n_double),
    ("float", n_float),
    ("num", n_num),
    ("char", n_char),
    ("boolean", n_boolean),
    ("bigint", n_bigint),
    ("biginteger", n_biginteger),
    ("bigdec", n_bigdec),
    ("rationalize", n_rationalize),
    ("numerator", n_numerator),
    ("denominator", n_denominator),
    ("bit-and", n_bit_and),
    ("bit-or", n_bit_or),
    ("bit-xor", n_bit_xor),
    ("bit-and-not", n_bit_and_not),
    ("bit-not", n_bit_not),
    ("bit-shift-left", n_shl),
    ("bit-shift-right", n_shr),
    ("unsigned-bit-shift-right", n_ushr),
    ("bit-test", n_bit_test),
    ("bit-set", n_bit_set),
    ("bit-clear", n_bit_clear),
    ("bit-flip", n_bit_flip),
    ("unchecked-add", n_unchecked_add),
    ("unchecked-subtract", n_unchecked_sub),
    ("unchecked-multiply", n_unchecked_mul),
    ("unchecked-inc", n_unchecked_inc),
    ("unchecked-dec", n_unchecked_dec),
    ("unchecked-negate", n_unchecked_negate),
    ("unchecked-add-int", n_unchecked_add),
    ("unchecked-inc-int", n_unchecked_inc),
    ("hash", n_hash),
    ("hash-unordered-coll", n_hash_unordered),
    ("float?", n_float_p),
    ("rational?", n_rational_p),
    ("decimal?", n_decimal_p),
    ("int?", n_int_p),
    ("abs", n_abs),
    ("parse-long", n_parse_long),
    ("parse-double", n_parse_double),
    ("parse-boolean", n_parse_boolean),
    ("rand", n_rand),
    ("NaN?", n_nan_p),
    ("infinite?", n_infinite_p),
    ("even?", n_even_p),
    ("odd?", n_odd_p),
];

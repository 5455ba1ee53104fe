//! Text natives of `clojure.core`: `format` (Java's `Formatter` syntax), `with-out-str`
//! (as `-with-out-str` over a thunk), `read-string`, plus `sort` with comparators and
//! `subvec`, which need Rust for speed.

use std::fmt::Write as _;
use std::rc::Rc;

use crate::value::print::{display, java_double};
use crate::value::{List, Value, Vector, num};
use crate::vm::{ExClass, Interp, NativeImpl, Throw};

type R = Result<Value, Throw>;

fn bad_format(msg: impl Into<String>) -> Throw {
    Throw::new(ExClass::IllegalArgument, msg)
}

/// One `%…` directive.
#[derive(Default)]
struct Spec {
    index: Option<usize>,
    left: bool,
    zero: bool,
    plus: bool,
    space: bool,
    comma: bool,
    alt: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

/// Java's `String.format` for the common conversions: `s S d o x X e E f g G c b B % n`
/// with flags `- 0 + space , #`, width, precision and `n$` argument indexes.
pub fn format(fmt: &str, args: &[Value]) -> Result<String, Throw> {
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    let mut next_arg = 0usize;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec::default();
        // Digits may be an argument index (`2$`) or the width.
        let mut digits = String::new();
        loop {
            match chars.peek() {
                Some('-') => spec.left = true,
                Some('0') if digits.is_empty() && !spec.zero => spec.zero = true,
                Some('+') => spec.plus = true,
                Some(' ') => spec.space = true,
                Some(',') => spec.comma = true,
                Some('#') => spec.alt = true,
                Some(d) if d.is_ascii_digit() => digits.push(*d),
                Some('$') if !digits.is_empty() => {
                    spec.index = digits.parse::<usize>().ok().map(|n| n.saturating_sub(1));
                    digits.clear();
                    spec.zero = false;
                }
                _ => break,
            }
            chars.next();
        }
        if !digits.is_empty() {
            spec.width = digits.parse().ok();
        }
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = String::new();
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                p.push(*d);
                chars.next();
            }
            spec.precision = Some(p.parse().unwrap_or(0));
        }
        let conv = chars.next().ok_or_else(|| {
            bad_format(format!("Format specifier '%' is incomplete in \"{fmt}\""))
        })?;
        let body = match conv {
            '%' => "%".to_string(),
            'n' => "\n".to_string(),
            _ => {
                let i = spec.index.unwrap_or_else(|| {
                    next_arg += 1;
                    next_arg - 1
                });
                let arg = args.get(i).ok_or_else(|| {
                    Throw::new(
                        ExClass::MissingFormatArgument,
                        format!("Format specifier '%{conv}'"),
                    )
                })?;
                convert(conv, &spec, arg)?
            }
        };
        pad(
            &mut out,
            &body,
            &spec,
            matches!(conv, 'd' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'g' | 'G'),
        );
    }
    Ok(out)
}

fn pad(out: &mut String, body: &str, spec: &Spec, numeric: bool) {
    let len = body.chars().count();
    let width = spec.width.unwrap_or(0);
    if len >= width {
        out.push_str(body);
    } else if spec.left {
        out.push_str(body);
        out.extend(std::iter::repeat_n(' ', width - len));
    } else if spec.zero && numeric {
        let (sign, digits) = match body.strip_prefix(['-', '+', ' ']) {
            Some(rest) => (&body[..1], rest),
            None => ("", body),
        };
        out.push_str(sign);
        out.extend(std::iter::repeat_n('0', width - len));
        out.push_str(digits);
    } else {
        out.extend(std::iter::repeat_n(' ', width - len));
        out.push_str(body);
    }
}

fn mismatch(conv: char, arg: &Value) -> Throw {
    Throw::new(
        ExClass::IllegalFormatConversion,
        format!(
            "{conv} != {}",
            if arg.is_nil() {
                "null"
            } else {
                arg.type_name()
            }
        ),
    )
}

fn group(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn sign(negative: bool, spec: &Spec) -> &'static str {
    if negative {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    }
}

fn convert(conv: char, spec: &Spec, arg: &Value) -> Result<String, Throw> {
    let precise = |s: String| match spec.precision {
        Some(p) => s.chars().take(p).collect(),
        None => s,
    };
    Ok(match conv {
        's' | 'S' => {
            let s = precise(if arg.is_nil() {
                "null".into()
            } else {
                display(arg)
            });
            if conv == 'S' { s.to_uppercase() } else { s }
        }
        'b' | 'B' => {
            let s = precise(match arg {
                Value::Nil => "false".into(),
                Value::Bool(b) => b.to_string(),
                _ => "true".into(),
            });
            if conv == 'B' { s.to_uppercase() } else { s }
        }
        'c' => match arg {
            Value::Char(c) => c.to_string(),
            Value::Long(n) => u32::try_from(*n)
                .ok()
                .and_then(char::from_u32)
                .map(|c| c.to_string())
                .ok_or_else(|| bad_format(format!("Code point = 0x{n:x}")))?,
            Value::Nil => "null".into(),
            _ => return Err(mismatch(conv, arg)),
        },
        'd' => {
            let (neg, digits) = match arg {
                Value::Long(n) => (*n < 0, n.unsigned_abs().to_string()),
                Value::Nil => return Ok("null".into()),
                _ => return Err(mismatch(conv, arg)),
            };
            let digits = if spec.comma { group(&digits) } else { digits };
            format!("{}{digits}", sign(neg, spec))
        }
        'x' | 'X' | 'o' => {
            let s = match arg {
                Value::Long(n) => match conv {
                    'o' => format!("{:o}", *n as u64),
                    _ => format!("{:x}", *n as u64),
                },
                Value::BigInt(n) => match conv {
                    'o' => n.to_str_radix(8),
                    _ => n.to_str_radix(16),
                },
                Value::Nil => return Ok("null".into()),
                _ => return Err(mismatch(conv, arg)),
            };
            let s = match (spec.alt, conv) {
                (true, 'o') => format!("0{s}"),
                (true, _) => format!("0x{s}"),
                _ => s,
            };
            if conv == 'X' { s.to_uppercase() } else { s }
        }
        'f' | 'e' | 'E' | 'g' | 'G' => {
            let d = match arg {
                Value::Double(d) => *d,
                Value::BigDec(_) | Value::Ratio(_) if conv == 'f' => num::to_f64(arg),
                Value::BigDec(_) => num::to_f64(arg),
                Value::Nil => return Ok("null".into()),
                _ => return Err(mismatch(conv, arg)),
            };
            if d.is_nan() {
                return Ok("NaN".into());
            }
            if d.is_infinite() {
                return Ok(format!("{}Infinity", sign(d < 0.0, spec)));
            }
            let p = spec.precision.unwrap_or(6);
            let body = match conv {
                'f' => {
                    let s = format!("{:.*}", p, d.abs());
                    if spec.comma {
                        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
                        if frac.is_empty() {
                            group(int)
                        } else {
                            format!("{}.{frac}", group(int))
                        }
                    } else {
                        s
                    }
                }
                'e' | 'E' => scientific(d.abs(), p),
                _ => general(d.abs(), p),
            };
            let s = format!("{}{body}", sign(d.is_sign_negative() && d != 0.0, spec));
            if conv.is_uppercase() {
                s.to_uppercase()
            } else {
                s
            }
        }
        other => {
            return Err(bad_format(format!(
                "Conversion = '{other}' (UnknownFormatConversionException)"
            )));
        }
    })
}

/// `1.234500e+01`: Java's `%e` (at least two exponent digits, always signed).
fn scientific(d: f64, p: usize) -> String {
    let s = format!("{:.*e}", p, d);
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    format!(
        "{mantissa}e{}{:02}",
        if exp < 0 { '-' } else { '+' },
        exp.abs()
    )
}

/// Java's `%g`: scientific below 1e-4 or at or above 10^precision, else fixed.
fn general(d: f64, p: usize) -> String {
    let p = p.max(1);
    if d != 0.0 && (d < 1e-4 || d >= 10f64.powi(p as i32)) {
        scientific(d, p - 1)
    } else {
        let exp = if d == 0.0 {
            0
        } else {
            d.log10().floor() as i32
        };
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        format!("{:.*}", decimals, d)
    }
}

fn n_format(_: &Interp, a: &[Value]) -> R {
    let Some(Value::Str(fmt)) = a.first() else {
        return Err(match a.first() {
            None => Throw::arity(0, "clojure.core/format"),
            Some(x) => Throw::class_cast(format!(
                "class {} cannot be cast to class java.lang.String",
                x.type_name()
            )),
        });
    };
    Ok(Value::str(&format(fmt, &a[1..])?))
}

/// `(-with-out-str thunk)`: what `thunk` printed to `*out*`, as a string.
fn n_with_out_str(i: &Interp, a: &[Value]) -> R {
    let [f] = a else {
        return Err(Throw::arity(a.len(), "with-out-str"));
    };
    let saved = i.out.borrow_mut().replace(String::new());
    let result = i.apply(f, &[]);
    let captured = std::mem::replace(&mut *i.out.borrow_mut(), saved).unwrap_or_default();
    result?;
    Ok(Value::str(&captured))
}

/// `(read-string s)`: the first form of `s`, read in the current namespace.
fn n_read_string(i: &Interp, a: &[Value]) -> R {
    let s = match a.last() {
        Some(Value::Str(s)) => s.clone(),
        Some(x) => {
            return Err(Throw::class_cast(format!(
                "class {} cannot be cast to class java.lang.String",
                x.type_name()
            )));
        }
        None => return Err(Throw::arity(0, "clojure.core/read-string")),
    };
    let forms = crate::reader::read_all(&s, &crate::runtime::load::ReaderEnv(i))
        .map_err(|e| Throw::runtime(e.message))?;
    forms
        .into_iter()
        .next()
        .ok_or_else(|| Throw::runtime("EOF while reading"))
}

/// Compares with a comparator fn: a number's sign, or for a predicate (`<`), whether
/// `(f a b)` / `(f b a)` holds, as Clojure's `AFunction.compare`.
pub(super) fn compare_with(
    i: &Interp,
    f: &Value,
    x: &Value,
    y: &Value,
) -> Result<std::cmp::Ordering, Throw> {
    use std::cmp::Ordering::*;
    Ok(match i.apply(f, &[x.clone(), y.clone()])? {
        Value::Bool(true) => Less,
        Value::Bool(false) | Value::Nil => {
            if i.apply(f, &[y.clone(), x.clone()])?.truthy() {
                Greater
            } else {
                Equal
            }
        }
        n if num::is_number(&n) => num::signum(&n)?.cmp(&0),
        other => {
            return Err(Throw::class_cast(format!(
                "class {} cannot be cast to class java.lang.Number",
                other.type_name()
            )));
        }
    })
}

/// A stable merge sort that stops at the comparator's first error.
fn sort_values(
    items: &mut [Value],
    cmp: &mut dyn FnMut(&Value, &Value) -> Result<std::cmp::Ordering, Throw>,
) -> Result<(), Throw> {
    let mut err = None;
    items.sort_by(|x, y| {
        if err.is_some() {
            return std::cmp::Ordering::Equal;
        }
        cmp(x, y).unwrap_or_else(|e| {
            err = Some(e);
            std::cmp::Ordering::Equal
        })
    });
    err.map_or(Ok(()), Err)
}

fn n_sort(i: &Interp, a: &[Value]) -> R {
    let (f, coll) = match a {
        [coll] => (None, coll),
        [f, coll] => (Some(f), coll),
        _ => return Err(Throw::arity(a.len(), "clojure.core/sort")),
    };
    let mut items = crate::core::items(coll)?;
    match f {
        None => sort_values(&mut items, &mut |x, y| {
            super::natives::compare_values(x, y).map(|c| c.cmp(&0))
        })?,
        Some(f) => sort_values(&mut items, &mut |x, y| compare_with(i, f, x, y))?,
    }
    Ok(Value::List(Rc::new(List::from_vec(items))))
}

/// `(-sort-by keyfn comp coll)`: keys computed once per element.
fn n_sort_by(i: &Interp, a: &[Value]) -> R {
    let [keyfn, f, coll] = a else {
        return Err(Throw::arity(a.len(), "clojure.core/sort-by"));
    };
    let items = crate::core::items(coll)?;
    let mut keyed = Vec::with_capacity(items.len());
    for x in items {
        keyed.push((i.apply(keyfn, std::slice::from_ref(&x))?, x));
    }
    let mut err = None;
    keyed.sort_by(|(p, _), (q, _)| {
        if err.is_some() {
            return std::cmp::Ordering::Equal;
        }
        let r = if f.is_nil() {
            super::natives::compare_values(p, q).map(|c| c.cmp(&0))
        } else {
            compare_with(i, f, p, q)
        };
        r.unwrap_or_else(|e| {
            err = Some(e);
            std::cmp::Ordering::Equal
        })
    });
    if let Some(e) = err {
        return Err(e);
    }
    Ok(Value::List(Rc::new(List::from_vec(
        keyed.into_iter().map(|(_, x)| x).collect(),
    ))))
}

fn n_subvec(_: &Interp, a: &[Value]) -> R {
    let (v, start, end) = match a {
        [Value::Vector(v), Value::Long(s)] => (v, *s, v.len() as i64),
        [Value::Vector(v), Value::Long(s), Value::Long(e)] => (v, *s, *e),
        [_, ..] if (2..=3).contains(&a.len()) => {
            return Err(Throw::class_cast(
                "subvec expects a vector and long indexes",
            ));
        }
        _ => return Err(Throw::arity(a.len(), "clojure.core/subvec")),
    };
    if start < 0 || end < start || end as usize > v.len() {
        return Err(Throw::new(ExClass::IndexOutOfBounds, ""));
    }
    Ok(Value::Vector(Rc::new(Vector::from_vec(
        v.iter()
            .skip(start as usize)
            .take((end - start) as usize)
            .cloned()
            .collect(),
    ))))
}

/// `(-double-str d)`: how Java prints a double (for `clojure.math` and tests).
fn n_double_str(_: &Interp, a: &[Value]) -> R {
    match a {
        [Value::Double(d)] => Ok(Value::str(&java_double(*d))),
        _ => Err(Throw::illegal_argument("-double-str expects a double")),
    }
}

/// `(-char-code c)` / `(-code-char n)` helpers for text functions written in the dialect.
fn n_str_join(_: &Interp, a: &[Value]) -> R {
    let (sep, coll) = match a {
        [coll] => (String::new(), coll),
        [sep, coll] => (display(sep), coll),
        _ => return Err(Throw::arity(a.len(), "-str-join")),
    };
    let mut out = String::new();
    for (n, x) in crate::core::items(coll)?.iter().enumerate() {
        if n > 0 {
            out.push_str(&sep);
        }
        let _ = write!(out, "{}", display(x));
    }
    Ok(Value::str(&out))
}

/// Text, sorting and slicing natives, by name.
pub const NATIVES: &[(&str, NativeImpl)] = &[
    ("format", n_format),
    ("-with-out-str", n_with_out_str),
    ("read-string", n_read_string),
    ("sort", n_sort),
    ("-sort-by", n_sort_by),
    ("subvec", n_subvec),
    ("-double-str", n_double_str),
    ("-str-join", n_str_join),
];

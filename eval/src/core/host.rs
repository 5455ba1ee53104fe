//! The host interop real code uses: static methods and fields of `Math`, `System`, `Long`,
//! `Integer`, `Double`, `Character`, `Boolean`, `String`, `Thread` (also under their
//! `java.lang.` names), and instance methods on strings and numbers through `(.method x …)`.
//! Anything else is a clear error naming the class and member.

use std::rc::Rc;

use crate::value::print::display;
use crate::value::{Value, num};
use crate::vm::{ExClass, Interp, NativeImpl, Throw};

type R = Result<Value, Throw>;

fn f64_arg(v: &Value) -> Result<f64, Throw> {
    if num::is_number(v) {
        Ok(num::to_f64(v))
    } else {
        Err(Throw::class_cast(format!(
            "class {} cannot be cast to class java.lang.Number",
            v.type_name()
        )))
    }
}

fn str_arg<'a>(v: &'a Value, what: &str) -> Result<&'a str, Throw> {
    match v {
        Value::Str(s) => Ok(s),
        x => Err(Throw::class_cast(format!(
            "{what}: class {} cannot be cast to class java.lang.String",
            x.type_name()
        ))),
    }
}

fn n_args(a: &[Value], n: usize, name: &str) -> Result<(), Throw> {
    if a.len() == n {
        Ok(())
    } else {
        Err(Throw::illegal_argument(format!(
            "No matching method {name} found taking {} args",
            a.len()
        )))
    }
}

macro_rules! math1 {
    ($($fname:ident => $name:literal, $f:expr;)*) => {$(
        fn $fname(_: &Interp, a: &[Value]) -> R {
            n_args(a, 1, $name)?;
            let x = f64_arg(&a[0])?;
            let f: fn(f64) -> f64 = $f;
            Ok(Value::Double(f(x)))
        }
    )*};
}

math1! {
    m_sqrt => "sqrt", f64::sqrt;
    m_cbrt => "cbrt", f64::cbrt;
    m_floor => "floor", f64::floor;
    m_ceil => "ceil", f64::ceil;
    m_sin => "sin", f64::sin;
    m_cos => "cos", f64::cos;
    m_tan => "tan", f64::tan;
    m_asin => "asin", f64::asin;
    m_acos => "acos", f64::acos;
    m_atan => "atan", f64::atan;
    m_exp => "exp", f64::exp;
    m_log => "log", f64::ln;
    m_log10 => "log10", f64::log10;
    m_rint => "rint", f64::round_ties_even;
    m_to_radians => "toRadians", f64::to_radians;
    m_to_degrees => "toDegrees", f64::to_degrees;
}

fn m_signum(_: &Interp, a: &[Value]) -> R {
    n_args(a, 1, "signum")?;
    let x = f64_arg(&a[0])?;
    Ok(Value::Double(if x == 0.0 || x.is_nan() {
        x
    } else {
        x.signum()
    }))
}

fn m_pow(_: &Interp, a: &[Value]) -> R {
    n_args(a, 2, "pow")?;
    Ok(Value::Double(f64_arg(&a[0])?.powf(f64_arg(&a[1])?)))
}

fn m_atan2(_: &Interp, a: &[Value]) -> R {
    n_args(a, 2, "atan2")?;
    Ok(Value::Double(f64_arg(&a[0])?.atan2(f64_arg(&a[1])?)))
}

fn m_hypot(_: &Interp, a: &[Value]) -> R {
    n_args(a, 2, "hypot")?;
    Ok(Value::Double(f64_arg(&a[0])?.hypot(f64_arg(&a[1])?)))
}

fn m_abs(_: &Interp, a: &[Value]) -> R {
    n_args(a, 1, "abs")?;
    Ok(match &a[0] {
        Value::Long(n) => Value::Long(n.wrapping_abs()),
        x => Value::Double(f64_arg(x)?.abs()),
    })
}

fn m_round(_: &Interp, a: &[Value]) -> R {
    n_args(a, 1, "round")?;
    let x = f64_arg(&a[0])?;
    // Java: floor(x + 0.5), saturating to the long range; NaN is 0.
    let r = (x + 0.5).floor();
    Ok(Value::Long(if r.is_nan() { 0 } else { r as i64 }))
}

fn minmax(a: &[Value], name: &str, max: bool) -> R {
    n_args(a, 2, name)?;
    match (&a[0], &a[1]) {
        (Value::Long(x), Value::Long(y)) => {
            Ok(Value::Long(if max { *x.max(y) } else { *x.min(y) }))
        }
        (x, y) => {
            let (x, y) = (f64_arg(x)?, f64_arg(y)?);
            Ok(Value::Double(if x.is_nan() || y.is_nan() {
                f64::NAN
            } else if max {
                x.max(y)
            } else {
                x.min(y)
            }))
        }
    }
}
fn m_max(_: &Interp, a: &[Value]) -> R {
    minmax(a, "max", true)
}
fn m_min(_: &Interp, a: &[Value]) -> R {
    minmax(a, "min", false)
}

fn long_arg(v: &Value, name: &str) -> Result<i64, Throw> {
    match v {
        Value::Long(n) => Ok(*n),
        x => Err(Throw::illegal_argument(format!(
            "{name} expects a long, got {}",
            x.type_name()
        ))),
    }
}

fn m_floor_div(_: &Interp, a: &[Value]) -> R {
    n_args(a, 2, "floorDiv")?;
    let (x, y) = (long_arg(&a[0], "floorDiv")?, long_arg(&a[1], "floorDiv")?);
    if y == 0 {
        return Err(Throw::arithmetic("/ by zero"));
    }
    Ok(Value::Long(num_integer::Integer::div_floor(&x, &y)))
}

fn m_floor_mod(_: &Interp, a: &[Value]) -> R {
    n_args(a, 2, "floorMod")?;
    let (x, y) = (long_arg(&a[0], "floorMod")?, long_arg(&a[1], "floorMod")?);
    if y == 0 {
        return Err(Throw::arithmetic("/ by zero"));
    }
    Ok(Value::Long(num_integer::Integer::mod_floor(&x, &y)))
}

fn m_random(_: &Interp, a: &[Value]) -> R {
    n_args(a, 0, "random")?;
    Ok(Value::Double(crate::core::random_f64()))
}

fn sys_millis(_: &Interp, _: &[Value]) -> R {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Ok(Value::Long(ms))
}

fn sys_nanos(_: &Interp, _: &[Value]) -> R {
    use std::sync::OnceLock;
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    let start = START.get_or_init(std::time::Instant::now);
    Ok(Value::Long(start.elapsed().as_nanos() as i64))
}

fn sys_getenv(i: &Interp, a: &[Value]) -> R {
    if i.sandboxed.get() {
        return Err(Throw::new(
            ExClass::IllegalState,
            "System/getenv is not allowed in the analysis sandbox",
        ));
    }
    n_args(a, 1, "getenv")?;
    let name = str_arg(&a[0], "System/getenv")?;
    Ok(std::env::var(name)
        .map(|v| Value::str(&v))
        .unwrap_or(Value::Nil))
}

fn thread_sleep(i: &Interp, a: &[Value]) -> R {
    n_args(a, 1, "sleep")?;
    let ms = long_arg(&a[0], "Thread/sleep")?.max(0) as u64;
    // Sleep in slices so budgets and interrupts still apply.
    let until = std::time::Instant::now() + std::time::Duration::from_millis(ms);
    while std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(ms.min(5)));
        i.tick(1024)?;
    }
    Ok(Value::Nil)
}

fn number_format(s: &str) -> Throw {
    Throw::new(ExClass::NumberFormat, format!("For input string: \"{s}\""))
}

fn parse_long(_: &Interp, a: &[Value]) -> R {
    if !(1..=2).contains(&a.len()) {
        return Err(Throw::illegal_argument(
            "parseLong takes a string and an optional radix",
        ));
    }
    // `valueOf` of a number is the number itself (an int-range check for Integer).
    if let Value::Long(n) = a[0] {
        return Ok(Value::Long(n));
    }
    if a[0].is_nil() {
        return Err(Throw::new(
            ExClass::NumberFormat,
            "Cannot parse null string: null",
        ));
    }
    let s = str_arg(&a[0], "Long/parseLong")?;
    let radix = match a.get(1) {
        Some(v) => long_arg(v, "parseLong")? as u32,
        None => 10,
    };
    let t = s.strip_prefix('+').unwrap_or(s);
    i64::from_str_radix(t, radix)
        .map(Value::Long)
        .map_err(|_| number_format(s))
}

fn parse_int(_: &Interp, a: &[Value]) -> R {
    if !(1..=2).contains(&a.len()) {
        return Err(Throw::illegal_argument(
            "parseInt takes a string and an optional radix",
        ));
    }
    // `valueOf` of a number is the number itself (an int-range check for Integer).
    if let Value::Long(n) = a[0] {
        return Ok(Value::Long(n));
    }
    if a[0].is_nil() {
        return Err(Throw::new(
            ExClass::NumberFormat,
            "Cannot parse null string: null",
        ));
    }
    let s = str_arg(&a[0], "Integer/parseInt")?;
    let radix = match a.get(1) {
        Some(v) => long_arg(v, "parseInt")? as u32,
        None => 10,
    };
    let t = s.strip_prefix('+').unwrap_or(s);
    i32::from_str_radix(t, radix)
        .map(|n| Value::Long(i64::from(n)))
        .map_err(|_| number_format(s))
}

fn parse_double(_: &Interp, a: &[Value]) -> R {
    n_args(a, 1, "parseDouble")?;
    let s = str_arg(&a[0], "Double/parseDouble")?;
    let t = s.trim();
    let parsed = match t {
        "NaN" => Some(f64::NAN),
        "Infinity" | "+Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => t
            .strip_suffix(['d', 'D', 'f', 'F'])
            .unwrap_or(t)
            .parse::<f64>()
            .ok(),
    };
    parsed.map(Value::Double).ok_or_else(|| number_format(s))
}

fn parse_boolean(_: &Interp, a: &[Value]) -> R {
    n_args(a, 1, "parseBoolean")?;
    Ok(Value::Bool(
        matches!(&a[0], Value::Str(s) if s.eq_ignore_ascii_case("true")),
    ))
}

fn is_nan(_: &Interp, a: &[Value]) -> R {
    n_args(a, 1, "isNaN")?;
    Ok(Value::Bool(f64_arg(&a[0])?.is_nan()))
}

fn is_infinite(_: &Interp, a: &[Value]) -> R {
    n_args(a, 1, "isInfinite")?;
    Ok(Value::Bool(f64_arg(&a[0])?.is_infinite()))
}

fn char_arg(v: &Value, name: &str) -> Result<char, Throw> {
    match v {
        Value::Char(c) => Ok(*c),
        x => Err(Throw::class_cast(format!(
            "Character/{name}: class {} cannot be cast to class java.lang.Character",
            x.type_name()
        ))),
    }
}

macro_rules! char_pred {
    ($($fname:ident => $name:literal, $f:expr;)*) => {$(
        fn $fname(_: &Interp, a: &[Value]) -> R {
            n_args(a, 1, $name)?;
            let c = char_arg(&a[0], $name)?;
            let f: fn(char) -> bool = $f;
            Ok(Value::Bool(f(c)))
        }
    )*};
}

char_pred! {
    c_is_digit => "isDigit", |c| c.is_ascii_digit();
    c_is_letter => "isLetter", char::is_alphabetic;
    c_is_letter_or_digit => "isLetterOrDigit", char::is_alphanumeric;
    c_is_whitespace => "isWhitespace", |c| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}');
    c_is_upper => "isUpperCase", char::is_uppercase;
    c_is_lower => "isLowerCase", char::is_lowercase;
}

fn c_to_upper(_: &Interp, a: &[Value]) -> R {
    n_args(a, 1, "toUpperCase")?;
    let c = char_arg(&a[0], "toUpperCase")?;
    Ok(Value::Char(c.to_uppercase().next().unwrap_or(c)))
}

fn c_to_lower(_: &Interp, a: &[Value]) -> R {
    n_args(a, 1, "toLowerCase")?;
    let c = char_arg(&a[0], "toLowerCase")?;
    Ok(Value::Char(c.to_lowercase().next().unwrap_or(c)))
}

fn string_value_of(_: &Interp, a: &[Value]) -> R {
    n_args(a, 1, "valueOf")?;
    Ok(Value::str(&match &a[0] {
        Value::Nil => "null".to_string(),
        v => display(v),
    }))
}

/// Static members by class (short name; `java.lang.` names are aliases).
pub const STATICS: &[(&str, &[(&str, NativeImpl)])] = &[
    (
        "Math",
        &[
            ("abs", m_abs),
            ("sqrt", m_sqrt),
            ("cbrt", m_cbrt),
            ("pow", m_pow),
            ("floor", m_floor),
            ("ceil", m_ceil),
            ("round", m_round),
            ("rint", m_rint),
            ("max", m_max),
            ("min", m_min),
            ("sin", m_sin),
            ("cos", m_cos),
            ("tan", m_tan),
            ("asin", m_asin),
            ("acos", m_acos),
            ("atan", m_atan),
            ("atan2", m_atan2),
            ("hypot", m_hypot),
            ("exp", m_exp),
            ("log", m_log),
            ("log10", m_log10),
            ("signum", m_signum),
            ("floorDiv", m_floor_div),
            ("floorMod", m_floor_mod),
            ("random", m_random),
            ("toRadians", m_to_radians),
            ("toDegrees", m_to_degrees),
        ],
    ),
    (
        "System",
        &[
            ("currentTimeMillis", sys_millis),
            ("nanoTime", sys_nanos),
            ("getenv", sys_getenv),
            ("gc", sys_gc),
        ],
    ),
    ("Thread", &[("sleep", thread_sleep)]),
    (
        "Long",
        &[("parseLong", parse_long), ("valueOf", parse_long)],
    ),
    (
        "Integer",
        &[("parseInt", parse_int), ("valueOf", parse_int)],
    ),
    (
        "Double",
        &[
            ("parseDouble", parse_double),
            ("valueOf", parse_double),
            ("isNaN", is_nan),
            ("isInfinite", is_infinite),
        ],
    ),
    ("Boolean", &[("parseBoolean", parse_boolean)]),
    (
        "Character",
        &[
            ("isDigit", c_is_digit),
            ("isLetter", c_is_letter),
            ("isLetterOrDigit", c_is_letter_or_digit),
            ("isWhitespace", c_is_whitespace),
            ("isUpperCase", c_is_upper),
            ("isLowerCase", c_is_lower),
            ("toUpperCase", c_to_upper),
            ("toLowerCase", c_to_lower),
        ],
    ),
    ("String", &[("valueOf", string_value_of)]),
];

/// Static fields.
pub fn static_fields() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        ("Math", "PI", Value::Double(std::f64::consts::PI)),
        ("Math", "E", Value::Double(std::f64::consts::E)),
        ("Long", "MAX_VALUE", Value::Long(i64::MAX)),
        ("Long", "MIN_VALUE", Value::Long(i64::MIN)),
        ("Integer", "MAX_VALUE", Value::Long(i64::from(i32::MAX))),
        ("Integer", "MIN_VALUE", Value::Long(i64::from(i32::MIN))),
        ("Double", "MAX_VALUE", Value::Double(f64::MAX)),
        ("Double", "MIN_VALUE", Value::Double(f64::from_bits(1))),
        ("Double", "POSITIVE_INFINITY", Value::Double(f64::INFINITY)),
        (
            "Double",
            "NEGATIVE_INFINITY",
            Value::Double(f64::NEG_INFINITY),
        ),
        ("Double", "NaN", Value::Double(f64::NAN)),
    ]
}

// ---- instance methods ----

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Java `String.indexOf` in UTF-16 units.
fn index_of(s: &str, needle: &str, last: bool) -> i64 {
    let found = if last {
        s.rfind(needle)
    } else {
        s.find(needle)
    };
    found.map_or(-1, |b| utf16_len(&s[..b]) as i64)
}

/// Java's `String.substring` over UTF-16 units (also `subs`).
pub(crate) fn substring(s: &str, start: i64, end: Option<i64>) -> R {
    let units: Vec<u16> = s.encode_utf16().collect();
    let end = end.unwrap_or(units.len() as i64);
    if start < 0 || end > units.len() as i64 || start > end {
        return Err(Throw::new(
            ExClass::StringIndexOutOfBounds,
            format!("begin {start}, end {end}, length {}", units.len()),
        ));
    }
    Ok(Value::str(&String::from_utf16_lossy(
        &units[start as usize..end as usize],
    )))
}

fn string_method(s: &Rc<str>, method: &str, a: &[Value]) -> R {
    let arg_str = |i: usize| str_arg(a.get(i).unwrap_or(&Value::Nil), method);
    let arg_long = |i: usize| long_arg(a.get(i).unwrap_or(&Value::Nil), method);
    Ok(match (method, a.len()) {
        // With a locale argument too: Rust's case mapping is the locale-independent one
        // Java applies for Locale/US and Locale/ROOT.
        ("toUpperCase", 0 | 1) => Value::str(&s.to_uppercase()),
        ("toLowerCase", 0 | 1) => Value::str(&s.to_lowercase()),
        ("trim", 0) => Value::str(s.trim_matches(|c: char| c <= ' ')),
        ("strip", 0) => Value::str(s.trim()),
        ("length", 0) => Value::Long(utf16_len(s) as i64),
        ("isEmpty", 0) => Value::Bool(s.is_empty()),
        ("isBlank", 0) => Value::Bool(s.trim().is_empty()),
        ("toString", 0) | ("intern", 0) => Value::Str(s.clone()),
        // A Java String[] is a vector here; trailing empty strings dropped like Java's split.
        ("split", 1) => {
            let re = fancy_regex::Regex::new(arg_str(0)?)
                .map_err(|e| Throw::illegal_argument(format!("bad regex: {e}")))?;
            let mut parts: Vec<String> = Vec::new();
            let mut last = 0;
            for m in re.find_iter(s) {
                let m = m.map_err(|e| Throw::illegal_argument(e.to_string()))?;
                if m.end() == 0 {
                    continue;
                }
                parts.push(s[last..m.start()].to_string());
                last = m.end();
            }
            parts.push(s[last..].to_string());
            while parts.len() > 1 && parts.last().is_some_and(String::is_empty) {
                parts.pop();
            }
            Value::Vector(Rc::new(crate::value::Vector::from_vec(
                parts.iter().map(|p| Value::str(p)).collect(),
            )))
        }
        ("hashCode", 0) => Value::Long(i64::from(crate::value::hash::java_string_hash(s))),
        ("indexOf", 1) => match &a[0] {
            Value::Char(c) => Value::Long(index_of(s, &c.to_string(), false)),
            _ => Value::Long(index_of(s, arg_str(0)?, false)),
        },
        ("lastIndexOf", 1) => match &a[0] {
            Value::Char(c) => Value::Long(index_of(s, &c.to_string(), true)),
            _ => Value::Long(index_of(s, arg_str(0)?, true)),
        },
        ("substring", 1) => substring(s, arg_long(0)?, None)?,
        ("substring", 2) => substring(s, arg_long(0)?, Some(arg_long(1)?))?,
        ("charAt", 1) => {
            let i = arg_long(0)?;
            let units: Vec<u16> = s.encode_utf16().collect();
            match units.get(i.max(0) as usize) {
                Some(u) if i >= 0 => {
                    Value::Char(char::from_u32(u32::from(*u)).unwrap_or('\u{fffd}'))
                }
                _ => {
                    return Err(Throw::new(
                        ExClass::StringIndexOutOfBounds,
                        format!("index {i}, length {}", units.len()),
                    ));
                }
            }
        }
        ("startsWith", 1) => Value::Bool(s.starts_with(arg_str(0)?)),
        ("endsWith", 1) => Value::Bool(s.ends_with(arg_str(0)?)),
        ("contains", 1) => Value::Bool(s.contains(arg_str(0)?)),
        ("equals", 1) => Value::Bool(matches!(&a[0], Value::Str(o) if o == s)),
        ("equalsIgnoreCase", 1) => {
            Value::Bool(matches!(&a[0], Value::Str(o) if o.to_lowercase() == s.to_lowercase()))
        }
        ("concat", 1) => Value::str(&format!("{s}{}", arg_str(0)?)),
        ("replace", 2) => match (&a[0], &a[1]) {
            (Value::Char(x), Value::Char(y)) => Value::str(&s.replace(*x, &y.to_string())),
            _ => Value::str(&s.replace(arg_str(0)?, arg_str(1)?)),
        },
        ("compareTo", 1) => Value::Long(crate::core::compare_strs(s, arg_str(0)?)),
        ("repeat", 1) => Value::str(&s.repeat(arg_long(0)?.max(0) as usize)),
        _ => return Err(no_method("java.lang.String", method, a.len())),
    })
}

fn no_method(class: &str, method: &str, n: usize) -> Throw {
    Throw::illegal_argument(format!(
        "No matching method {method} found taking {n} args for class {class}"
    ))
}

/// `(.method target args…)`: `(-invoke "method" target args…)`.
fn invoke(_: &Interp, a: &[Value]) -> R {
    let (Some(Value::Str(method)), Some(target)) = (a.first(), a.get(1)) else {
        return Err(Throw::illegal_argument(
            "-invoke needs a method name and a target",
        ));
    };
    let args = &a[2..];
    match (target, &**method, args.len()) {
        (Value::Nil, _, _) => Err(Throw::new(
            ExClass::NullPointer,
            format!("Cannot invoke \"{method}()\" because the target is nil"),
        )),
        (Value::Str(s), m, _) => string_method(s, m, args),
        (Value::Obj(o), m, _) if matches!(&**o, crate::value::obj::Obj::StringBuilder(_)) => {
            string_builder_method(target, o, m, args)
        }
        // Fields of records and deftype instances: `(.-x p)` and `(.x p)`.
        (Value::Map(m), f, 0) if m.tag.is_some() => Ok(m
            .get(&Value::keyword(f.strip_prefix('-').unwrap_or(f)))
            .cloned()
            .unwrap_or(Value::Nil)),
        (Value::Obj(o), f, 0) if matches!(&**o, crate::value::obj::Obj::Instance { .. }) => {
            let crate::value::obj::Obj::Instance { fields, .. } = &**o else {
                unreachable!()
            };
            Ok(
                crate::core::get(fields, &Value::keyword(f.strip_prefix('-').unwrap_or(f)))
                    .unwrap_or(Value::Nil),
            )
        }
        (_, "toString", 0) => Ok(Value::str(&display(target))),
        (_, "equals", 1) => Ok(Value::Bool(crate::value::eq::equiv(target, &args[0]))),
        (_, "hashCode", 0) => Ok(Value::Long(i64::from(crate::value::eq::hasheq(target)))),
        (v, "intValue" | "longValue", 0) if num::is_number(v) => {
            Ok(Value::Long(num::to_f64(v) as i64))
        }
        (v, "doubleValue", 0) if num::is_number(v) => Ok(Value::Double(num::to_f64(v))),
        (Value::Exception(e), "getMessage", 0) => {
            Ok(e.message.as_deref().map(Value::str).unwrap_or(Value::Nil))
        }
        (Value::Exception(e), "getCause", 0) => Ok(e.cause.clone().unwrap_or(Value::Nil)),
        (v, m, n) => Err(no_method(v.type_name(), m, n)),
    }
}

/// `(StringBuilder.)`, `(StringBuilder. "init")`, `(StringBuilder. 16)`.
fn new_string_builder(_: &Interp, a: &[Value]) -> R {
    let init = match a.first() {
        Some(Value::Str(s)) => s.to_string(),
        Some(Value::Long(_)) | None => String::new(),
        Some(x) => display(x),
    };
    Ok(Value::Obj(Rc::new(crate::value::obj::Obj::StringBuilder(
        std::cell::RefCell::new(init),
    ))))
}

fn string_builder_method(this: &Value, o: &crate::value::obj::Obj, m: &str, args: &[Value]) -> R {
    let crate::value::obj::Obj::StringBuilder(b) = o else {
        unreachable!("called for string builders")
    };
    match (m, args) {
        ("append", [x]) | ("write", [x]) => {
            let s = match x {
                Value::Nil => "null".to_string(),
                x => display(x),
            };
            b.borrow_mut().push_str(&s);
            Ok(this.clone())
        }
        ("toString", []) => Ok(Value::str(&b.borrow())),
        ("length", []) => Ok(Value::Long(b.borrow().encode_utf16().count() as i64)),
        ("reverse", []) => {
            let r: String = b.borrow().chars().rev().collect();
            *b.borrow_mut() = r;
            Ok(this.clone())
        }
        ("setLength", [Value::Long(n)]) => {
            let s: String = b.borrow().chars().take(*n as usize).collect();
            *b.borrow_mut() = s;
            Ok(Value::Nil)
        }
        ("charAt", [Value::Long(i)]) => b
            .borrow()
            .chars()
            .nth(*i as usize)
            .map(Value::Char)
            .ok_or_else(|| Throw::new(ExClass::StringIndexOutOfBounds, format!("index {i}"))),
        ("insert", [Value::Long(i), x]) => {
            let mut s = b.borrow().clone();
            let at = s
                .char_indices()
                .nth(*i as usize)
                .map_or(s.len(), |(p, _)| p);
            s.insert_str(at, &display(x));
            *b.borrow_mut() = s;
            Ok(this.clone())
        }
        (m, a) => Err(no_method("java.lang.StringBuilder", m, a.len())),
    }
}

/// `(System/gc)`: asks for a cycle collection at the next top-level boundary.
fn sys_gc(i: &Interp, _: &[Value]) -> R {
    i.gc.borrow_mut().requested = true;
    Ok(Value::Nil)
}

/// `(slurp path)`: a file's text. Refused in the analysis sandbox.
fn slurp(i: &Interp, a: &[Value]) -> R {
    if i.sandboxed.get() {
        return Err(Throw::new(
            ExClass::IllegalState,
            "slurp is not allowed in the analysis sandbox (no file access while linting)",
        ));
    }
    if a.is_empty() {
        return Err(Throw::new(
            ExClass::Arity,
            "Wrong number of args (0) passed to: clojure.core/slurp",
        ));
    }
    let path = str_arg(&a[0], "slurp")?;
    std::fs::read_to_string(path)
        .map(|t| Value::str(&t))
        .map_err(|e| {
            Throw::new(
                ExClass::RuntimeException,
                format!("java.io.FileNotFoundException: {path} ({e})"),
            )
        })
}

/// `(spit path content)`: writes `(str content)` to a file. Refused in the sandbox.
fn spit(i: &Interp, a: &[Value]) -> R {
    if i.sandboxed.get() {
        return Err(Throw::new(
            ExClass::IllegalState,
            "spit is not allowed in the analysis sandbox (no file access while linting)",
        ));
    }
    if a.len() < 2 {
        return Err(Throw::new(
            ExClass::Arity,
            format!(
                "Wrong number of args ({}) passed to: clojure.core/spit",
                a.len()
            ),
        ));
    }
    let path = str_arg(&a[0], "spit")?;
    let text = match &a[1] {
        Value::Str(s) => s.to_string(),
        other => crate::value::print::display(other),
    };
    std::fs::write(path, text).map(|_| Value::Nil).map_err(|e| {
        Throw::new(
            ExClass::RuntimeException,
            format!("java.io.IOException: {path} ({e})"),
        )
    })
}

/// Natives of `clojure.core` for interop and files.
pub const NATIVES: &[(&str, NativeImpl)] = &[
    ("-invoke", invoke),
    ("slurp", slurp),
    ("spit", spit),
    ("-string-builder", new_string_builder),
];

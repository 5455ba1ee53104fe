//! Regular expressions (`re-pattern`, `re-find`, `re-matches`, `re-seq`) on `fancy-regex`,
//! whose syntax is close to `java.util.regex` (lookaround and backreferences included), and
//! the string primitives `clojure.string` is written on (`-str-split`, `-str-replace`).
//!
//! Results follow JVM Clojure: a match without groups is the matched string; with groups
//! it is a vector of the whole match and each group (`nil` for a group that did not take
//! part).

use std::rc::Rc;

use fancy_regex::{Captures, Regex};

use crate::value::{List, Value, Vector};
use crate::vm::{Interp, NativeImpl, Throw};

type R = Result<Value, Throw>;

fn arity(a: &[Value], range: std::ops::RangeInclusive<usize>, name: &str) -> Result<(), Throw> {
    if range.contains(&a.len()) {
        Ok(())
    } else {
        Err(Throw::arity(a.len(), &format!("clojure.core/{name}")))
    }
}

fn regex(v: &Value, what: &str) -> Result<Rc<Regex>, Throw> {
    match v {
        Value::Regex(r) => Ok(r.clone()),
        x => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class java.util.regex.Pattern ({what})",
            x.type_name()
        ))),
    }
}

fn string<'a>(v: &'a Value, what: &str) -> Result<&'a str, Throw> {
    match v {
        Value::Str(s) => Ok(s),
        x => Err(Throw::class_cast(format!(
            "class {} cannot be cast to class java.lang.CharSequence ({what})",
            x.type_name()
        ))),
    }
}

fn engine_error(e: fancy_regex::Error) -> Throw {
    Throw::runtime(format!("regex engine: {e}"))
}

/// A match as JVM Clojure returns it.
fn groups(c: &Captures) -> Value {
    if c.len() == 1 {
        return Value::str(c.get(0).map_or("", |m| m.as_str()));
    }
    let items: Vec<Value> = (0..c.len())
        .map(|i| c.get(i).map_or(Value::Nil, |m| Value::str(m.as_str())))
        .collect();
    Value::Vector(Rc::new(Vector::from_vec(items)))
}

/// `(re-pattern s)`.
fn re_pattern(_: &Interp, a: &[Value]) -> R {
    arity(a, 1..=1, "re-pattern")?;
    if let Value::Regex(_) = &a[0] {
        return Ok(a[0].clone());
    }
    let s = string(&a[0], "re-pattern")?;
    Regex::new(s)
        .map(|r| Value::Regex(Rc::new(r)))
        .map_err(|e| Throw::illegal_argument(format!("invalid regex {s:?}: {e}")))
}

/// `(re-find re s)`: the first match, or nil.
fn re_find(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "re-find")?;
    let re = regex(&a[0], "re-find")?;
    let s = string(&a[1], "re-find")?;
    Ok(match re.captures(s).map_err(engine_error)? {
        Some(c) => groups(&c),
        None => Value::Nil,
    })
}

/// `(re-matches re s)`: the match of the whole string, or nil.
fn re_matches(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "re-matches")?;
    let re = regex(&a[0], "re-matches")?;
    let s = string(&a[1], "re-matches")?;
    let anchored = Regex::new(&format!("^(?:{})$", re.as_str())).map_err(engine_error)?;
    Ok(match anchored.captures(s).map_err(engine_error)? {
        Some(c) => groups(&c),
        None => Value::Nil,
    })
}

/// `(re-seq re s)`: every match in order (nil when none).
fn re_seq(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "re-seq")?;
    let re = regex(&a[0], "re-seq")?;
    let s = string(&a[1], "re-seq")?;
    let mut out = Vec::new();
    for c in re.captures_iter(s) {
        out.push(groups(&c.map_err(engine_error)?));
    }
    Ok(if out.is_empty() {
        Value::Nil
    } else {
        Value::List(Rc::new(List::from_vec(out)))
    })
}

/// `(-str-split s re limit)`: `String.split(re, limit)` semantics (trailing empty strings
/// dropped when limit is 0; a leading empty string from a zero-width match at 0 dropped).
fn str_split(_: &Interp, a: &[Value]) -> R {
    arity(a, 2..=3, "-str-split")?;
    let s = string(&a[0], "clojure.string/split")?;
    let re = regex(&a[1], "clojure.string/split")?;
    let limit = match a.get(2) {
        Some(Value::Long(n)) => *n,
        _ => 0,
    };
    let mut parts: Vec<&str> = Vec::new();
    let mut last = 0;
    for m in re.find_iter(s) {
        let m = m.map_err(engine_error)?;
        if limit > 0 && parts.len() as i64 == limit - 1 {
            break;
        }
        if m.end() == 0 {
            continue; // a zero-width match at the start yields no leading empty string
        }
        if m.start() == m.end() && m.start() >= s.len() {
            break;
        }
        parts.push(&s[last..m.start()]);
        last = m.end();
    }
    parts.push(&s[last..]);
    if limit == 0 {
        while parts.len() > 1 && parts.last() == Some(&"") {
            parts.pop();
        }
        if parts == [""] && !s.is_empty() {
            parts.clear();
        }
    }
    let items = parts.into_iter().map(Value::str).collect();
    Ok(Value::Vector(Rc::new(Vector::from_vec(items))))
}

/// Java's replacement-string syntax (`$1`, `\$`) in fancy-regex's (`${1}`, `$$`).
fn java_replacement(r: &str) -> String {
    let mut out = String::new();
    let mut chars = r.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    if n == '$' {
                        out.push_str("$$");
                    } else {
                        out.push(n);
                    }
                }
            }
            '$' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                out.push_str(&format!("${{{digits}}}"));
            }
            c => out.push(c),
        }
    }
    out
}

/// `(-str-replace s match replacement first?)`: `clojure.string/replace` and
/// `replace-first` (string/char/regex match; string or fn replacement for a regex).
fn str_replace(i: &Interp, a: &[Value]) -> R {
    arity(a, 4..=4, "-str-replace")?;
    let s = string(&a[0], "clojure.string/replace")?;
    let first = !matches!(a[3], Value::Nil | Value::Bool(false));
    let limit = if first { 1 } else { 0 };
    match (&a[1], &a[2]) {
        (Value::Str(m), Value::Str(r)) => Ok(Value::str(&if first {
            s.replacen(&**m, r, 1)
        } else {
            s.replace(&**m, r)
        })),
        (Value::Char(m), Value::Char(r)) => Ok(Value::str(&if first {
            s.replacen(*m, &r.to_string(), 1)
        } else {
            s.replace(*m, &r.to_string())
        })),
        (Value::Regex(re), Value::Str(r)) => {
            let rep = java_replacement(r);
            Ok(Value::str(&re.replacen(s, limit, rep.as_str())))
        }
        (Value::Regex(re), f) => {
            let mut out = String::new();
            let mut last = 0;
            for c in re.captures_iter(s) {
                let c = c.map_err(engine_error)?;
                let m = c.get(0).expect("group 0");
                out.push_str(&s[last..m.start()]);
                let v = i.apply(f, &[groups(&c)])?;
                out.push_str(&crate::value::print::display(&v));
                last = m.end();
                if first {
                    break;
                }
            }
            out.push_str(&s[last..]);
            Ok(Value::str(&out))
        }
        (m, r) => Err(Throw::illegal_argument(format!(
            "Invalid match arg: {} with replacement {}",
            m.type_name(),
            r.type_name()
        ))),
    }
}

pub const NATIVES: &[(&str, NativeImpl)] = &[
    ("re-pattern", re_pattern),
    ("re-find", re_find),
    ("re-matches", re_matches),
    ("re-seq", re_seq),
    ("-str-split", str_split),
    ("-str-replace", str_replace),
];

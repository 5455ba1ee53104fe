//! Printing like Clojure: `pr-str` (readable: strings quoted, chars as `\a`) and `str`
//! (display). Doubles follow Java's `Double.toString`, BigInts end in `N`, BigDecimals in
//! `M`, maps print as `{:a 1, :b 2}`.

use std::fmt::Write;

use super::Value;
use super::seq::SeqIter;

/// `pr-str` of one value.
pub fn pr_str(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v, true);
    out
}

/// `str` of one value (`nil` is the empty string). Like Java's `toString`, collections print
/// their elements readably: `(str {:a "x"})` is `{:a "x"}`.
pub fn display(v: &Value) -> String {
    match v {
        Value::Nil => String::new(),
        Value::Str(s) => s.to_string(),
        Value::Char(c) => c.to_string(),
        Value::Double(d) => java_double(*d),
        Value::Namespace(ns) => ns.name().to_string(),
        // Throwable.toString: the class, then the message (and ex-info's data).
        Value::Exception(e) => {
            let mut out = e.class.name().to_string();
            if let Some(m) = &e.message {
                out.push_str(": ");
                out.push_str(m);
            }
            if let Some(d) = &e.data {
                out.push(' ');
                out.push_str(&pr_str(d));
            }
            out
        }
        Value::Obj(o) if matches!(&**o, super::obj::Obj::StringBuilder(_)) => {
            let super::obj::Obj::StringBuilder(b) = &**o else {
                unreachable!()
            };
            b.borrow().clone()
        }
        Value::BigInt(_) | Value::BigDec(_) | Value::Regex(_) => {
            let mut out = String::new();
            write_value(&mut out, v, false);
            out
        }
        _ => pr_str(v),
    }
}

/// Java's `Double.toString`.
pub fn java_double(d: f64) -> String {
    if d.is_nan() {
        return "NaN".into();
    }
    if d.is_infinite() {
        return if d > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if d == 0.0 {
        return if d.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let abs = d.abs();
    if (1e-3..1e7).contains(&abs) {
        let s = format!("{d}");
        if s.contains('.') { s } else { format!("{s}.0") }
    } else {
        // Shortest round-trip digits, in Java's computerized scientific notation.
        let s = format!("{d:e}");
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let mantissa = if mantissa.contains('.') {
            mantissa.to_string()
        } else {
            format!("{mantissa}.0")
        };
        format!("{mantissa}E{exp}")
    }
}

fn char_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\n' => "newline",
        ' ' => "space",
        '\t' => "tab",
        '\u{8}' => "backspace",
        '\u{c}' => "formfeed",
        '\r' => "return",
        _ => return None,
    })
}

fn write_string_readably(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_seq(
    out: &mut String,
    items: impl Iterator<Item = Value>,
    open: &str,
    close: &str,
    readably: bool,
) {
    out.push_str(open);
    for (i, v) in items.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        write_value(out, &v, readably);
    }
    out.push_str(close);
}

/// Writes `v`; `readably` is `pr` (vs `print`) style.
pub fn write_value(out: &mut String, v: &Value, readably: bool) {
    match v {
        Value::Nil => out.push_str("nil"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Long(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Double(d) => {
            if readably && d.is_nan() {
                out.push_str("##NaN");
            } else if readably && d.is_infinite() {
                out.push_str(if *d > 0.0 { "##Inf" } else { "##-Inf" });
            } else {
                out.push_str(&java_double(*d));
            }
        }
        Value::Char(c) => {
            if readably {
                match char_name(*c) {
                    Some(name) => {
                        let _ = write!(out, "\\{name}");
                    }
                    None => {
                        let _ = write!(out, "\\{c}");
                    }
                }
            } else {
                out.push(*c);
            }
        }
        Value::Str(s) => {
            if readably {
                write_string_readably(out, s);
            } else {
                out.push_str(s);
            }
        }
        Value::Keyword(k) => {
            let _ = write!(out, "{k:?}");
        }
        Value::Symbol(s) => out.push_str(&s.full_name()),
        Value::BigInt(n) => {
            let _ = write!(out, "{n}");
            if readably {
                out.push('N');
            }
        }
        Value::Ratio(r) => {
            let _ = write!(out, "{}/{}", r.numer(), r.denom());
        }
        Value::BigDec(d) => {
            out.push_str(&super::decimal::java_string(d));
            if readably {
                out.push('M');
            }
        }
        Value::List(l) => write_seq(out, l.iter().cloned(), "(", ")", readably),
        Value::Vector(vec) => write_seq(out, vec.iter().cloned(), "[", "]", readably),
        Value::Map(m) => {
            if let Some(tag) = &m.tag {
                out.push('#');
                out.push_str(tag);
            }
            out.push('{');
            for (i, (k, val)) in m.entries().iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, k, readably);
                out.push(' ');
                write_value(out, val, readably);
            }
            out.push('}');
        }
        Value::Set(s) => write_seq(out, s.items().into_iter(), "#{", "}", readably),
        Value::Seq(_) | Value::LazySeq(_) => write_seq(out, SeqIter::new(v), "(", ")", readably),
        Value::Fn(f) => {
            let _ = write!(
                out,
                "#object[{} {:p}]",
                f.display_name(),
                std::rc::Rc::as_ptr(f)
            );
        }
        Value::Native(f) => {
            let _ = write!(out, "#object[{} {:p}]", f.name, std::rc::Rc::as_ptr(f));
        }
        Value::Var(var) => {
            let _ = write!(out, "#'{}", var.full_name());
        }
        Value::Atom(a) => {
            out.push_str("#object[clojure.lang.Atom {:status :ready, :val ");
            write_value(out, &a.deref(), true);
            out.push_str("}]");
        }
        Value::Namespace(ns) => {
            let _ = write!(out, "#object[clojure.lang.Namespace \"{}\"]", ns.name());
        }
        Value::Regex(r) => {
            if readably {
                let _ = write!(out, "#\"{}\"", r.as_str());
            } else {
                out.push_str(r.as_str());
            }
        }
        Value::Exception(e) => out.push_str(&e.printed()),
        Value::Delay(d) => {
            out.push_str("#object[clojure.lang.Delay {:status ");
            match d.peek() {
                Some(v) => {
                    out.push_str(":ready, :val ");
                    write_value(out, &v, true);
                }
                None => out.push_str(":pending, :val nil"),
            }
            out.push_str("}]");
        }
        Value::Wasm(m) => {
            let _ = write!(out, "#object[cljw.wasm.Module \"{}\"]", m.name);
        }
        Value::Obj(o) => write_obj(out, o, readably),
    }
}

fn write_obj(out: &mut String, o: &std::rc::Rc<super::obj::Obj>, readably: bool) {
    use super::obj::Obj;
    match &**o {
        Obj::Reduced(v) => {
            out.push_str("#object[clojure.lang.Reduced {:status :ready, :val ");
            write_value(out, v, true);
            out.push_str("}]");
        }
        Obj::Volatile(v) => {
            out.push_str("#object[clojure.lang.Volatile {:status :ready, :val ");
            write_value(out, &v.borrow(), true);
            out.push_str("}]");
        }
        Obj::Promise(p) => {
            out.push_str("#object[clojure.core$promise {:status ");
            match &*p.borrow() {
                Some(v) => {
                    out.push_str(":ready, :val ");
                    write_value(out, v, true);
                }
                None => out.push_str(":pending, :val nil"),
            }
            out.push_str("}]");
        }
        Obj::Transient(_) => {
            let _ = write!(
                out,
                "#object[{} {:p}]",
                o.type_name(),
                std::rc::Rc::as_ptr(o)
            );
        }
        Obj::StringBuilder(b) => {
            if readably {
                let _ = write!(
                    out,
                    "#object[java.lang.StringBuilder {:p} ",
                    std::rc::Rc::as_ptr(o)
                );
                write_value(out, &Value::str(&b.borrow()), true);
                out.push(']');
            } else {
                out.push_str(&b.borrow());
            }
        }
        Obj::Sorted(s) if s.is_map => {
            out.push('{');
            for (i, (k, val)) in s.entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, k, true);
                out.push(' ');
                write_value(out, val, true);
            }
            out.push('}');
        }
        Obj::Sorted(s) => {
            out.push_str("#{");
            for (i, (k, _)) in s.entries.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_value(out, k, true);
            }
            out.push('}');
        }
        Obj::Instance { tag, fields } => {
            let _ = write!(out, "#object[{tag} {:p} ", std::rc::Rc::as_ptr(o));
            write_value(out, fields, true);
            out.push(']');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::java_double;

    #[test]
    fn doubles_print_like_java() {
        for (d, s) in [
            (1.0, "1.0"),
            (1.5, "1.5"),
            (100.0, "100.0"),
            (1e7, "1.0E7"),
            (1.5e10, "1.5E10"),
            (1e-3, "0.001"),
            (1e-4, "1.0E-4"),
            (0.1 + 0.2, "0.30000000000000004"),
            (-2.5e-5, "-2.5E-5"),
            (123456.789, "123456.789"),
        ] {
            assert_eq!(java_double(d), s, "{d}");
        }
    }
}

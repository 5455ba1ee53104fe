//! A literal of the wrong type passed to a core function.
//!
//! What: literals that can never work as the argument: a string, keyword, character,
//! collection or nil given to arithmetic and comparison (`inc`, `+`, `<`, `zero?`, …); a
//! number, keyword, boolean or character given where a collection is read (`first`, `count`,
//! `map`'s collections, `conj`'s target, …); a non-string given to `subs` or `clojure.string`.
//! Why: each is a `ClassCastException` or `IllegalArgumentException` at run time.
//! Example:
//! ```clojure
//! (inc "1")
//! (count 42)
//! ```
//! Fix: convert the value first (`(inc (parse-long "1"))`), or pass the right argument.
use super::{Level, Node, Rule, Walker};

pub const CODE: &str = "type-mismatch";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("type_mismatch.rs"),
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    Number,
    Seqable,
    Str,
}

/// Which arguments of which functions must be of a type: (`all` args, or an index).
fn expectations(ns: &str, name: &str) -> Option<(Want, Option<usize>)> {
    Some(match (ns, name) {
        (
            "clojure.core",
            "inc" | "dec" | "+" | "-" | "*" | "/" | "<" | ">" | "<=" | ">=" | "==" | "max" | "min"
            | "quot" | "rem" | "mod" | "zero?" | "pos?" | "neg?" | "even?" | "odd?" | "inc'"
            | "dec'" | "+'" | "-'" | "*'" | "abs" | "bit-and" | "bit-or" | "bit-xor" | "bit-not"
            | "bit-shift-left" | "bit-shift-right",
        ) => (Want::Number, None),
        (
            "clojure.core",
            "first" | "rest" | "next" | "second" | "last" | "seq" | "count" | "empty?"
            | "not-empty" | "reverse" | "butlast" | "ffirst",
        ) => (Want::Seqable, Some(0)),
        (
            "clojure.core",
            "map" | "filter" | "remove" | "mapcat" | "keep" | "take-while" | "drop-while"
            | "sort-by" | "group-by" | "partition-by",
        ) => (Want::Seqable, Some(1)),
        ("clojure.core", "reduce") => (Want::Seqable, Some(2)),
        ("clojure.core", "subs") => (Want::Str, Some(0)),
        ("clojure.core", "take" | "drop" | "nth" | "repeat") => {
            (Want::Number, Some(if name == "nth" { 1 } else { 0 }))
        }
        (
            "clojure.string",
            "upper-case" | "lower-case" | "trim" | "triml" | "trimr" | "capitalize" | "blank?"
            | "split-lines" | "reverse",
        ) => (Want::Str, Some(0)),
        _ => return None,
    })
}

fn mismatch(want: Want, arg: &Node) -> Option<&'static str> {
    let t = arg.literal_type()?;
    let bad = match want {
        Want::Number => t != "number",
        Want::Seqable => matches!(t, "number" | "keyword" | "boolean" | "character" | "regex"),
        Want::Str => !matches!(t, "string" | "nil"),
    };
    bad.then_some(t)
}

pub(crate) fn check(w: &mut Walker, ns: &str, name: &str, args: &[Node]) {
    if w.soft > 0 {
        return;
    }
    let Some((want, which)) = expectations(ns, name) else {
        return;
    };
    // reduce with 2 args: (reduce f coll); (repeat x) repeats x forever.
    let which = if name == "reduce" && args.len() == 2 {
        Some(1)
    } else {
        which
    };
    if name == "repeat" && args.len() < 2 {
        return;
    }
    let indices: Vec<usize> = match which {
        Some(i) => vec![i],
        None => (0..args.len()).collect(),
    };
    // (map f) and friends are transducers; (take n) too.
    for i in indices {
        let Some(arg) = args.get(i) else { continue };
        if let Some(t) = mismatch(want, arg) {
            let expected = match want {
                Want::Number => "number",
                Want::Seqable => "seqable collection",
                Want::Str => "string",
            };
            w.finding(
                CODE,
                arg.range,
                format!("Expected: {expected}, received: {t}."),
            );
        }
    }
}

//! A `cond` whose catch-all test is a keyword other than `:else`.
//!
//! What: the last test of a `cond` is `:default`, `:otherwise`, `true`-ish keywords, etc.
//! Why: any keyword works, but `:else` is the idiom every reader scans for; others look like
//! a bug (is `:default` a value being tested?).
//! Example:
//! ```clojure
//! (cond (neg? n) :neg (pos? n) :pos :default :zero)
//! ```
//! Fix: write `:else`.
use super::{Level, Node, NodeKind, Rule, Walker};

pub const CODE: &str = "cond-else";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Warning,
    source: include_str!("cond_else.rs"),
};

pub(crate) fn check(w: &mut Walker, args: &[Node]) {
    if args.len() < 2 || args.len() % 2 == 1 || w.soft > 0 {
        return;
    }
    let test = &args[args.len() - 2];
    if let NodeKind::Keyword(k) = &test.kind
        && !(k.name == "else" && k.ns.is_none())
    {
        w.finding(
            CODE,
            test.range,
            "use :else as the catch-all test expression in cond",
        );
    }
}

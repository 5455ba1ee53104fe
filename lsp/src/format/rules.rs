//! cljfmt's default indentation rules for the forms Clojure code uses most, by the name of
//! the form's head (a qualified head matches by its name): `Inner` indents every line of
//! the body two spaces; `Block(n)` does so only when argument `n` starts a line, and
//! otherwise indents like a function call.

/// How the lines of a list form after the first are indented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    Inner,
    Block(usize),
}

const BLOCK0: &[&str] = &[
    "do",
    "try",
    "finally",
    "comment",
    "cond",
    "delay",
    "future",
    "lazy-seq",
    "lazy-cat",
    "dosync",
    "io!",
    "sync",
    "with-out-str",
    "time",
];

const BLOCK1: &[&str] = &[
    "let",
    "letfn",
    "when",
    "when-not",
    "when-let",
    "when-some",
    "when-first",
    "if",
    "if-not",
    "if-let",
    "if-some",
    "loop",
    "binding",
    "case",
    "doseq",
    "dotimes",
    "for",
    "while",
    "ns",
    "cond->",
    "cond->>",
    "locking",
    "doto",
    "extend",
    "extend-protocol",
    "extend-type",
    "testing",
    "struct-map",
    "with-open",
    "with-local-vars",
    "with-redefs",
    "with-bindings",
    "defprotocol",
    "defstruct",
    "go-loop",
    "alt!",
    "alt!!",
    "in-ns",
    "add-watch",
];

const BLOCK2: &[&str] = &[
    "condp",
    "catch",
    "as->",
    "are",
    "defrecord",
    "deftype",
    "defexception",
];

const INNER: &[&str] = &[
    "fn",
    "fn*",
    "bound-fn",
    "reify",
    "proxy",
    "defmethod",
    "deftest",
    "defn",
    "defn-",
    "defmacro",
    "defmulti",
    "defonce",
    "def",
    "definline",
    "definterface",
    "letfn*",
];

/// The rule for a head symbol, if it has one (else default list indentation).
pub fn rule(head: &str) -> Option<Rule> {
    let name = match head.rsplit_once('/') {
        Some((_, n)) if !n.is_empty() => n,
        _ => head,
    };
    if BLOCK0.contains(&name) {
        Some(Rule::Block(0))
    } else if BLOCK1.contains(&name) {
        Some(Rule::Block(1))
    } else if BLOCK2.contains(&name) {
        Some(Rule::Block(2))
    } else if INNER.contains(&name) || name.starts_with("def") || name.starts_with("with-") {
        Some(Rule::Inner)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{Rule, rule};

    #[test]
    fn rules_by_name() {
        assert_eq!(rule("let"), Some(Rule::Block(1)));
        assert_eq!(rule("clojure.core/let"), Some(Rule::Block(1)));
        assert_eq!(rule("defthing"), Some(Rule::Inner));
        assert_eq!(rule("with-conn"), Some(Rule::Inner));
        assert_eq!(rule("catch"), Some(Rule::Block(2)));
        assert_eq!(rule("map"), None);
        assert_eq!(rule("/"), None);
    }
}

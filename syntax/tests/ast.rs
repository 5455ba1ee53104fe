//! The typed AST layer: accessors over real snippets, each returning `Option` so an
//! incomplete tree never panics.

use syntax::ast::{AstToken, Form, NumberKind};
use syntax::parse;

fn forms(text: &str) -> Vec<Form> {
    parse(text).root().forms().collect()
}

fn one(text: &str) -> Form {
    let mut f = forms(text);
    assert_eq!(f.len(), 1, "{text:?}");
    f.remove(0)
}

#[test]
fn symbols_split_namespace_and_name() {
    let cases = [
        ("foo", None, "foo"),
        ("ns/name", Some("ns"), "name"),
        ("/", None, "/"),
        ("clojure.core//", Some("clojure.core"), "/"),
        ("a.b/c", Some("a.b"), "c"),
        ("Class.", None, "Class."),
        (".method", None, ".method"),
    ];
    for (text, ns, name) in cases {
        let Form::Symbol(s) = one(text) else {
            panic!("{text}")
        };
        assert_eq!((s.namespace(), s.name()), (ns, name), "{text}");
    }
    let Form::Symbol(s) = one("nil") else {
        panic!()
    };
    assert!(s.is_literal_value());
}

#[test]
fn keywords() {
    let Form::Keyword(k) = one("::alias/b") else {
        panic!()
    };
    assert!(k.is_auto_resolved());
    assert_eq!((k.namespace(), k.name()), (Some("alias"), "b"));
    let Form::Keyword(k) = one(":a") else {
        panic!()
    };
    assert!(!k.is_auto_resolved());
    assert_eq!((k.namespace(), k.name()), (None, "a"));
}

#[test]
fn numbers_know_their_kind() {
    let cases = [
        ("42", NumberKind::Long),
        ("0x1F", NumberKind::Long),
        ("2r1010", NumberKind::Long),
        ("42N", NumberKind::BigInt),
        ("0x1FN", NumberKind::BigInt),
        ("36rZN", NumberKind::Long),
        ("1.5", NumberKind::Double),
        ("1e10", NumberKind::Double),
        ("1.5M", NumberKind::BigDecimal),
        ("1/3", NumberKind::Ratio),
    ];
    for (text, kind) in cases {
        let Form::Number(n) = one(text) else {
            panic!("{text}")
        };
        assert_eq!(n.kind(), Some(kind), "{text}");
    }
    let Form::Number(n) = one("1.2.3") else {
        panic!()
    };
    assert_eq!(n.kind(), None);
}

#[test]
fn strings_chars_regexes_and_symbolic_values() {
    let Form::Str(s) = one(r#""a\n\"b\" \u00e9 \101""#) else {
        panic!()
    };
    assert_eq!(s.value().as_deref(), Some("a\n\"b\" é A"));
    let Form::Str(s) = one("\"unterminated") else {
        panic!()
    };
    assert_eq!(s.value(), None);
    for (text, c) in [
        ("\\a", 'a'),
        ("\\newline", '\n'),
        ("\\u00e9", 'é'),
        ("\\o101", 'A'),
        ("\\(", '('),
    ] {
        let Form::Char(ch) = one(text) else {
            panic!("{text}")
        };
        assert_eq!(ch.value(), Some(c), "{text}");
    }
    let Form::Regex(r) = one(r#"#"\d+""#) else {
        panic!()
    };
    assert_eq!(r.pattern(), Some(r"\d+"));
    let Form::SymbolicValue(v) = one("##-Inf") else {
        panic!()
    };
    assert_eq!(v.value(), Some(f64::NEG_INFINITY));
}

#[test]
fn collections_and_prefixes() {
    let Form::List(l) = one("(defn f [x] #_ignored x)") else {
        panic!()
    };
    assert_eq!(
        l.head_symbol().map(|s| s.name().to_string()).as_deref(),
        Some("defn")
    );
    assert_eq!(l.forms().count(), 4, "the discard is not a form");
    assert!(l.is_closed());
    let Form::List(l) = one("(unclosed") else {
        panic!()
    };
    assert!(!l.is_closed());

    let Form::Map(m) = one("{:a 1 :b}") else {
        panic!()
    };
    let entries = m.entries();
    assert_eq!(entries.len(), 2);
    assert!(entries[1].1.is_none(), "missing value");

    let Form::WithMeta(wm) = one("^:private foo") else {
        panic!()
    };
    assert!(matches!(wm.meta(), Some(Form::Keyword(_))));
    assert!(matches!(wm.target(), Some(Form::Symbol(_))));
    assert!(!wm.is_old_syntax());

    let Form::Quoted(q) = one("'x") else { panic!() };
    assert!(matches!(q.form(), Some(Form::Symbol(_))));
    let Form::Quoted(q) = one("'") else { panic!() };
    assert!(q.form().is_none());

    let Form::TaggedLiteral(t) = one("#inst \"2020\"") else {
        panic!()
    };
    assert_eq!(t.tag().as_deref(), Some("inst"));
    assert!(matches!(t.form(), Some(Form::Str(_))));

    let Form::NamespacedMap(nm) = one("#::alias{:a 1}") else {
        panic!()
    };
    assert!(nm.is_auto_resolved());
    assert_eq!(nm.namespace().as_deref(), Some("alias"));
    assert_eq!(nm.map().map(|m| m.entries().len()), Some(1));

    let Form::FnLiteral(f) = one("#(+ % %2)") else {
        panic!()
    };
    assert_eq!(f.forms().count(), 3);
}

#[test]
fn reader_conditionals() {
    let Form::ReaderCond(rc) = one("#?(:clj 1 :cljw 2 :default 3)") else {
        panic!()
    };
    assert_eq!(rc.branches().len(), 3);
    assert!(matches!(rc.branch("cljw"), Some(Form::Number(n)) if n.syntax().text() == "2"));
    assert!(rc.branch("cljs").is_none());
    let Form::ReaderCondSplicing(rc) = one("#?@(:clj [1 2])") else {
        panic!()
    };
    assert!(matches!(rc.branch("clj"), Some(Form::Vector(_))));
}

#[test]
fn after_an_error_the_rest_of_the_file_reads_as_the_right_top_level_forms() {
    let cases: &[(&str, &[&str])] = &[
        // A stray closer between forms.
        ("(a)) (b) (c)", &["(a)", "(b)", "(c)"]),
        // A bad token inside a form.
        ("(a 1.2.3) (b)", &["(a 1.2.3)", "(b)"]),
        // An unclosed form followed by top-level forms at column 0.
        (
            "(defn f [x]\n  (let [y x]\n\n(defn g [] 1)\n(h)\n",
            &["(defn f [x]\n  (let [y x]\n\n", "(defn g [] 1)", "(h)"],
        ),
        // A mismatched closer is taken as the enclosing form's closer.
        ("(let [a 1) a)\n(ok)", &["(let [a 1)", "a", "(ok)"]),
    ];
    for (text, expected) in cases {
        let p = parse(text);
        assert!(!p.errors().is_empty(), "{text:?} should have errors");
        let got: Vec<String> = p.root().forms().map(|f| f.syntax().to_string()).collect();
        assert_eq!(&got, expected, "{text:?}");
    }
}

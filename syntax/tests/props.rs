//! Property tests: any input parses without panicking and round-trips; incremental
//! re-parsing after any sequence of edits gives exactly the tree and errors of a full parse.

use proptest::prelude::*;
use syntax::{Document, TextEdit, TextRange, TextSize, parse};

/// Pieces of Clojure that exercise every token and recovery path when glued together.
const PIECES: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "#{",
    "#(",
    "\"",
    "\\",
    "#\"",
    "'",
    "`",
    "~",
    "~@",
    "@",
    "^",
    "#^",
    "#'",
    "#_",
    "#?",
    "#?@",
    "#=",
    "#:ns",
    "#::",
    "#inst",
    "##Inf",
    "##X",
    "#",
    "#<",
    "#!",
    ";",
    "\n",
    " ",
    ",",
    "a",
    "foo/bar",
    ":k",
    "::k",
    ":",
    "1",
    "1.5",
    "1/2",
    "0x1F",
    "08",
    "1.2.3",
    "\\a",
    "\\newline",
    "\\u00e9",
    "é",
    "😀",
    "%",
    "%1",
    "nil",
    "(defn f [x] (inc x))",
    "\"s\"",
];

fn clojureish() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
}

/// Any Unicode text, biased toward the characters the lexer cares about.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(any::<u8>(), 0..200)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        clojureish(),
    ]
}

fn assert_same(incremental: &syntax::Parse, text: &str) {
    let full = parse(text);
    assert_eq!(incremental.syntax().to_string(), text);
    assert_eq!(
        incremental.green(),
        full.green(),
        "trees differ for {text:?}"
    );
    assert_eq!(
        incremental.errors(),
        full.errors(),
        "errors differ for {text:?}"
    );
}

/// An edit as (start, end, insertion), positions as fractions of the current length.
fn edits() -> impl Strategy<Value = Vec<(f64, f64, String)>> {
    let insert = prop_oneof![
        prop::sample::select(PIECES).prop_map(str::to_string),
        Just(String::new()),
        clojureish(),
    ];
    prop::collection::vec((0.0..=1.0f64, 0.0..0.2f64, insert), 1..12)
}

fn char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn run_edits(seed: &str, edits: Vec<(f64, f64, String)>) {
    let mut doc = Document::new(seed);
    let mut text = seed.to_string();
    for (at, span, insert) in edits {
        let start = char_boundary(&text, (at * text.len() as f64) as usize);
        let end = char_boundary(
            &text,
            (start + (span * text.len() as f64) as usize).min(text.len()),
        );
        let edit = TextEdit::new(
            TextRange::new(TextSize::from(start as u32), TextSize::from(end as u32)),
            insert,
        );
        text = edit.apply(&text);
        doc.apply(&edit);
        assert_same(doc.parse(), &text);
    }
}

const SEED: &str = r#"(ns demo.core
  (:require [clojure.string :as str]))

(defn greet
  "Says hello."
  [name]
  (str "Hello, " name \! #"x+"))

^:private (def x 1)
#_(comment (greet "a"))
(defmacro m [& body] `(do ~@body))
{:a 1 :b [1 2 3] :c #{:x}}
#?(:clj (println "jvm") :cljw (println "wasm"))
"#;

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics_and_round_trips(text in any_text()) {
        let p = parse(&text);
        prop_assert_eq!(p.syntax().to_string(), text);
        for e in p.errors() {
            prop_assert!(u32::from(e.range.end()) as usize <= p.syntax().to_string().len());
        }
    }

    #[test]
    fn incremental_equals_full_on_code(edits in edits()) {
        run_edits(SEED, edits);
    }

    #[test]
    fn incremental_equals_full_on_noise(seed in clojureish(), edits in edits()) {
        run_edits(&seed, edits);
    }
}

#[test]
fn one_character_edit_inside_a_form_is_incremental() {
    let mut doc = Document::new(SEED);
    let at = SEED.find("Hello").unwrap() as u32;
    let how = doc.apply(&TextEdit::new(TextRange::empty(at.into()), "X"));
    assert!(
        matches!(how, syntax::incremental::Reparse::Incremental(_)),
        "{how:?}"
    );
    assert_same(doc.parse(), &doc.text());
    // Unbalancing the text falls back to a full parse.
    let at = SEED.find("(def x").unwrap() as u32;
    let how = doc.apply(&TextEdit::new(TextRange::empty((at + 1).into()), "("));
    assert_eq!(how, syntax::incremental::Reparse::Full);
    assert_same(doc.parse(), &doc.text());
}

#[test]
fn out_of_range_edits_are_clamped() {
    let mut doc = Document::new("(a é)");
    // Offset 4 is inside `é`: it snaps to the start of the character; 99 clamps to the end.
    doc.apply(&TextEdit::new(TextRange::new(4.into(), 99.into()), "b)"));
    assert_eq!(doc.text(), "(a b)");
    assert_same(doc.parse(), "(a b)");
}

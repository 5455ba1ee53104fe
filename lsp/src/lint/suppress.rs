//! Inline suppression: `#_:kiln/ignore form` silences every finding inside `form`;
//! `#_{:kiln/ignore [:unused-binding]} form` only the listed codes. clj-kondo's
//! `#_:clj-kondo/ignore` and `#_{:clj-kondo/ignore [...]}` work the same way.

use syntax::ast::{AstNode, Discarded, Form};
use syntax::{Parse, SyntaxKind, TextRange};

/// A suppressed range: all codes (`None`) or the listed ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub range: TextRange,
    pub codes: Option<Vec<String>>,
}

fn is_ignore_key(ns: Option<&str>, name: &str) -> bool {
    name == "ignore" && matches!(ns, Some("kiln" | "clj-kondo"))
}

/// What a discarded form asks to ignore, if it is an ignore marker.
fn marker(form: &Form) -> Option<Option<Vec<String>>> {
    match form {
        Form::Keyword(k) if is_ignore_key(k.namespace(), k.name()) => Some(None),
        Form::Map(m) => {
            for (k, v) in m.entries() {
                if let Form::Keyword(k) = k
                    && is_ignore_key(k.namespace(), k.name())
                {
                    let codes = v
                        .map(|v| {
                            v.children()
                                .iter()
                                .filter_map(|c| match c {
                                    Form::Keyword(k) => Some(k.name().to_string()),
                                    _ => None,
                                })
                                .collect::<Vec<_>>()
                        })
                        .unwrap_or_default();
                    return Some(if codes.is_empty() { None } else { Some(codes) });
                }
            }
            None
        }
        _ => None,
    }
}

/// Every suppression in a file.
pub fn suppressions(parse: &Parse) -> Vec<Suppression> {
    let mut out = Vec::new();
    for node in parse.syntax().descendants() {
        if node.kind() != SyntaxKind::DISCARDED {
            continue;
        }
        let Some(d) = Discarded::cast(node.clone()) else {
            continue;
        };
        let Some(codes) = d.form().as_ref().and_then(marker) else {
            continue;
        };
        // The next form after the marker (skipping trivia and other discards).
        let mut next = node.next_sibling_or_token();
        while let Some(el) = next {
            if let Some(f) = Form::cast(el.clone()) {
                out.push(Suppression {
                    range: f.text_range(),
                    codes: codes.clone(),
                });
                break;
            }
            next = el.next_sibling_or_token();
        }
    }
    out
}

/// Is a finding with this code and range suppressed?
pub fn is_suppressed(sups: &[Suppression], code: &str, range: TextRange) -> bool {
    sups.iter().any(|s| {
        s.range.contains_range(range)
            && s.codes.as_ref().is_none_or(|c| c.iter().any(|x| x == code))
    })
}

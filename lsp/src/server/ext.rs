//! kiln's own requests (documented in `docs/lsp-extensions.md`, mirrored in the VS Code
//! extension): `kiln/eval`, `kiln/interrupt`, `kiln/fullValue`, `kiln/macroexpand` and
//! `kiln/syntaxTree`. Their parameter and result types, and the small formatter that lays
//! out expansions.

use serde::{Deserialize, Serialize};
use tower_lsp::lsp_types::{Position, Range, TextDocumentIdentifier};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum EvalMode {
    #[default]
    TopLevel,
    CurrentForm,
    Selection,
    File,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EvalParams {
    pub text_document: TextDocumentIdentifier,
    #[serde(default)]
    pub position: Option<Position>,
    #[serde(default)]
    pub range: Option<Range>,
    #[serde(default)]
    pub mode: EvalMode,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct EvalErrorInfo {
    pub message: String,
    pub range: Range,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct EvalResponse {
    /// The printed value (capped; see `truncated`), absent on error.
    pub value: Option<String>,
    pub out: String,
    pub err: String,
    pub error: Option<EvalErrorInfo>,
    /// The range of the code that was evaluated.
    pub range: Range,
    /// The value was longer than the cap: `kiln/fullValue` with this id returns all of it.
    pub truncated: Option<u64>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FullValueParams {
    pub id: u64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MacroexpandParams {
    pub text_document: TextDocumentIdentifier,
    pub position: Position,
    #[serde(default)]
    pub all: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct MacroexpandResponse {
    pub expansion: String,
    /// The form that was expanded.
    pub range: Range,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyntaxTreeParams {
    pub text_document: TextDocumentIdentifier,
}

/// Lays out printed Clojure data: a form that fits in `width` stays on one line, else its
/// elements go one per line under the head (lists) or the opening bracket (vectors, maps).
pub fn format_form(text: &str, width: usize) -> String {
    let parse = syntax::parse(text);
    let mut out = String::new();
    for (i, form) in parse.syntax().children().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        layout(&form, 0, width, &mut out);
    }
    if out.is_empty() {
        text.trim().to_string()
    } else {
        out
    }
}

fn flat(n: &syntax::SyntaxNode) -> String {
    // Collapse whitespace runs to single spaces.
    let mut s = String::new();
    for t in n.descendants_with_tokens().filter_map(|e| e.into_token()) {
        if t.kind() == syntax::SyntaxKind::WHITESPACE || t.kind() == syntax::SyntaxKind::COMMA {
            if !s.ends_with(' ') {
                s.push(' ');
            }
        } else {
            s.push_str(t.text());
        }
    }
    s.replace("( ", "(")
        .replace(" )", ")")
        .replace("[ ", "[")
        .replace(" ]", "]")
        .replace("{ ", "{")
        .replace(" }", "}")
}

fn layout(n: &syntax::SyntaxNode, indent: usize, width: usize, out: &mut String) {
    use syntax::SyntaxKind as K;
    let one = flat(n);
    if indent + one.len() <= width || !matches!(n.kind(), K::LIST | K::VECTOR | K::MAP | K::SET) {
        out.push_str(&one);
        return;
    }
    let elems: Vec<syntax::SyntaxElement> = n
        .children_with_tokens()
        .filter(|c| {
            !matches!(
                c.kind(),
                K::WHITESPACE
                    | K::COMMA
                    | K::L_PAREN
                    | K::R_PAREN
                    | K::L_BRACKET
                    | K::R_BRACKET
                    | K::L_BRACE
                    | K::R_BRACE
                    | K::HASH_L_BRACE
            )
        })
        .collect();
    let (open, close) = match n.kind() {
        K::LIST => ("(", ")"),
        K::VECTOR => ("[", "]"),
        K::MAP => ("{", "}"),
        _ => ("#{", "}"),
    };
    out.push_str(open);
    let child_indent = if n.kind() == K::LIST {
        indent + 2
    } else {
        indent + open.len()
    };
    let emit = |e: &syntax::SyntaxElement, at: usize, out: &mut String| match e {
        rowan::NodeOrToken::Node(c) => layout(c, at, width, out),
        rowan::NodeOrToken::Token(t) => out.push_str(t.text()),
    };
    let mut first = true;
    let mut i = 0;
    while i < elems.len() {
        if first {
            emit(&elems[i], indent + open.len(), out);
            // Keep `(let [` / `(defn name` / `(fn [` heads together.
            if n.kind() == K::LIST && i + 1 < elems.len() && matches!(elems[i].kind(), K::SYMBOL) {
                let head = elems[i].to_string();
                if matches!(
                    head.as_str(),
                    "defn"
                        | "defmacro"
                        | "def"
                        | "fn*"
                        | "fn"
                        | "let*"
                        | "let"
                        | "loop*"
                        | "loop"
                        | "if"
                        | "when"
                        | "binding"
                        | "letfn*"
                ) || head.starts_with("def")
                {
                    out.push(' ');
                    i += 1;
                    let at = out.rsplit('\n').next().map_or(0, str::len);
                    emit(&elems[i], at, out);
                }
            }
            first = false;
        } else {
            out.push('\n');
            out.push_str(&" ".repeat(child_indent));
            emit(&elems[i], child_indent, out);
        }
        i += 1;
    }
    out.push_str(close);
}

#[cfg(test)]
mod tests {
    use super::format_form;

    #[test]
    fn short_forms_stay_on_one_line_long_ones_break() {
        assert_eq!(format_form("(do   (a 1)\n (b 2))", 80), "(do (a 1) (b 2))");
        let long = "(let* [x (compute-something-long 1 2 3) y (compute-something-else x)] (clojure.core/println x y) (clojure.core/+ x y))";
        expect_test::expect![[r#"
            (let* [x (compute-something-long 1 2 3) y (compute-something-else x)]
              (clojure.core/println x y)
              (clojure.core/+ x y))"#]]
        .assert_eq(&format_form(long, 80));
    }
}

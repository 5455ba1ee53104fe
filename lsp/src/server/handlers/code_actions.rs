//! `textDocument/codeAction`. Quick fixes for findings in the range: add the missing
//! `:require` for an alias, mark an unused binding with `_`, remove an unused require or
//! refer, suppress a finding on its form. Refactorings at the cursor: thread first / last,
//! unwind a threading form, cycle privacy (`defn` ↔ `defn-`), extract function, introduce
//! let, clean the `ns` form (drop unused requires, sort the rest).

use std::collections::HashMap;
use std::path::Path;

use syntax::{PositionEncoding, SyntaxElement, SyntaxKind, SyntaxNode, TextRange, TextSize};
use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, WorkspaceEdit,
};

use super::super::convert;
use super::super::lookup;
use super::super::world::{Snapshot, World};

/// Aliases whose namespace is conventional when no file of the project says otherwise.
const CONVENTIONAL: &[(&str, &str)] = &[
    ("str", "clojure.string"),
    ("string", "clojure.string"),
    ("set", "clojure.set"),
    ("walk", "clojure.walk"),
    ("edn", "clojure.edn"),
    ("io", "clojure.java.io"),
    ("pp", "clojure.pprint"),
    ("pprint", "clojure.pprint"),
    ("zip", "clojure.zip"),
    ("test", "clojure.test"),
    ("t", "clojure.test"),
    ("math", "clojure.math"),
    ("data", "clojure.data"),
];

fn forms(list: &SyntaxNode) -> Vec<SyntaxElement> {
    list.children_with_tokens()
        .filter(|c| {
            !lookup::is_trivia(c.kind())
                && !matches!(
                    c.kind(),
                    SyntaxKind::L_PAREN
                        | SyntaxKind::R_PAREN
                        | SyntaxKind::L_BRACKET
                        | SyntaxKind::R_BRACKET
                )
        })
        .collect()
}

fn as_list(e: &SyntaxElement) -> Option<SyntaxNode> {
    e.as_node()
        .filter(|n| n.kind() == SyntaxKind::LIST)
        .cloned()
}

struct Ctx<'a> {
    snap: &'a Snapshot,
    enc: PositionEncoding,
    uri: tower_lsp::lsp_types::Url,
    out: Vec<CodeActionOrCommand>,
}

impl Ctx<'_> {
    fn action(
        &mut self,
        title: String,
        kind: CodeActionKind,
        edits: Vec<(TextRange, String)>,
        preferred: bool,
    ) {
        let edits = edits
            .into_iter()
            .map(|(r, s)| TextEdit::new(convert::range(&self.snap.index, self.enc, r), s))
            .collect();
        let mut changes = HashMap::new();
        changes.insert(self.uri.clone(), edits);
        self.out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(kind),
            edit: Some(WorkspaceEdit::new(changes)),
            is_preferred: preferred.then_some(true),
            ..CodeAction::default()
        }));
    }
}

/// The `ns` form of the file.
fn ns_form(snap: &Snapshot) -> Option<SyntaxNode> {
    snap.parse.syntax().children().find(|n| {
        n.kind() == SyntaxKind::LIST && forms(n).first().is_some_and(|h| h.to_string() == "ns")
    })
}

fn require_clause(ns: &SyntaxNode) -> Option<SyntaxNode> {
    ns.children()
        .filter(|n| n.kind() == SyntaxKind::LIST)
        .find(|n| {
            forms(n)
                .first()
                .is_some_and(|h| h.to_string() == ":require")
        })
}

/// The namespace an alias stands for elsewhere in the project, or by convention.
fn namespace_for_alias(world: &World, alias: &str) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for f in world.files.values() {
        if let Some(s) = &f.snap {
            for r in &s.analysis.requires {
                if r.alias.as_ref().is_some_and(|(a, _)| a == alias) {
                    *counts.entry(r.ns.as_str()).or_default() += 1;
                }
            }
        }
    }
    if let Some((ns, _)) = counts
        .into_iter()
        .max_by_key(|(ns, n)| (*n, std::cmp::Reverse(*ns)))
    {
        return Some(ns.to_string());
    }
    CONVENTIONAL
        .iter()
        .find(|(a, _)| *a == alias)
        .map(|(_, ns)| ns.to_string())
}

fn add_require(ctx: &mut Ctx, world: &World, qualified: &str) {
    let Some((alias, _)) = qualified.split_once('/') else {
        return;
    };
    let Some(target) = namespace_for_alias(world, alias) else {
        return;
    };
    let Some(ns) = ns_form(ctx.snap) else { return };
    let entry = format!("[{target} :as {alias}]");
    let edit = match require_clause(&ns) {
        Some(req) => {
            let items = forms(&req);
            let col = items
                .get(1)
                .map(|first| {
                    ctx.snap
                        .index
                        .position(PositionEncoding::Utf32, first.text_range().start())
                        .col
                })
                .unwrap_or(13);
            let at = req.text_range().end() - TextSize::from(1);
            (
                TextRange::empty(at),
                format!("\n{}{entry}", " ".repeat(col as usize)),
            )
        }
        None => {
            let at = ns.text_range().end() - TextSize::from(1);
            (TextRange::empty(at), format!("\n  (:require {entry})"))
        }
    };
    ctx.action(
        format!("Add require {entry}"),
        CodeActionKind::QUICKFIX,
        vec![edit],
        true,
    );
}

/// The top-level form containing `offset`.
fn top_level(snap: &Snapshot, offset: TextSize) -> Option<TextRange> {
    snap.parse
        .syntax()
        .children_with_tokens()
        .filter(|c| !lookup::is_trivia(c.kind()))
        .map(|c| c.text_range())
        .find(|r| r.contains(offset))
}

fn quick_fixes(ctx: &mut Ctx, world: &World, path: &Path, range: TextRange) {
    let snap = ctx.snap;
    for (f, _) in world.findings(path, snap) {
        if f.range.end() < range.start() || f.range.start() > range.end() {
            continue;
        }
        let text = &snap.text[f.range];
        match f.code {
            "unresolved-namespace" => add_require(ctx, world, text),
            "unused-binding" if !text.starts_with('_') => {
                if let Some(range) = let_binding_pair(snap, f.range) {
                    ctx.action(
                        format!("Remove unused binding `{text}`"),
                        CodeActionKind::QUICKFIX,
                        vec![(range, String::new())],
                        false,
                    );
                }
                ctx.action(
                    format!("Mark `{text}` as unused: `_{text}`"),
                    CodeActionKind::QUICKFIX,
                    vec![(TextRange::empty(f.range.start()), "_".into())],
                    true,
                );
            }
            "unused-namespace" => {
                // Remove the whole `[lib :as x]` entry (the finding is on its name).
                if let Some(req) =
                    snap.analysis.requires.iter().find(|r| {
                        r.range.contains_range(f.range) || f.range.contains_range(r.range)
                    })
                {
                    let entry = entry_range(snap, req.range);
                    ctx.action(
                        format!("Remove unused require {}", req.ns),
                        CodeActionKind::QUICKFIX,
                        vec![(entry, String::new())],
                        true,
                    );
                }
            }
            "unused-referred-var" => {
                ctx.action(
                    format!("Remove unused refer {text}"),
                    CodeActionKind::QUICKFIX,
                    vec![(with_space_before(snap, f.range), String::new())],
                    true,
                );
            }
            _ => {}
        }
        if let Some(top) = top_level(snap, f.range.start()) {
            ctx.action(
                format!("Suppress {} for this form", f.code),
                CodeActionKind::QUICKFIX,
                vec![(
                    TextRange::empty(top.start()),
                    format!("#_{{:kiln/ignore [:{}]}}\n", f.code),
                )],
                false,
            );
        }
    }
}

/// The `name value` pair of a `let`/`loop`/`binding`-style vector whose name is at
/// `name` (with the whitespace before it), when the name is a plain symbol in a binding
/// position.
fn let_binding_pair(snap: &Snapshot, name: TextRange) -> Option<TextRange> {
    let tok = lookup::token_at(snap, name.start())?;
    if tok.kind() != SyntaxKind::SYMBOL || tok.text_range() != name {
        return None;
    }
    let vector = tok.parent()?;
    if vector.kind() != SyntaxKind::VECTOR {
        return None;
    }
    let list = vector.parent()?;
    let head = forms(&list).first().map(|h| h.to_string())?;
    if !matches!(
        head.as_str(),
        "let" | "loop" | "when-let" | "if-let" | "binding" | "with-open" | "when-some" | "if-some"
    ) {
        return None;
    }
    let items = forms(&vector);
    let i = items.iter().position(|e| e.text_range() == name)?;
    if i % 2 != 0 || items.len() <= 2 && head != "let" {
        return None;
    }
    let value = items.get(i + 1)?;
    let pair = TextRange::new(name.start(), value.text_range().end());
    if i > 0 {
        return Some(with_space_before(snap, pair));
    }
    // The first pair: take the whitespace after it instead (`[a 1 b 2]` → `[b 2]`).
    let after = &snap.text[usize::from(pair.end())..];
    let ws = after.len() - after.trim_start().len();
    Some(TextRange::new(
        pair.start(),
        pair.end() + TextSize::from(ws as u32),
    ))
}

/// The require entry (`[lib :as x]` or `lib`) around a name, with the line it sits on when
/// it is alone there.
fn entry_range(snap: &Snapshot, name: TextRange) -> TextRange {
    let Some(tok) = lookup::token_at(snap, name.start()) else {
        return name;
    };
    let mut r = tok.text_range();
    if let Some(v) = tok.parent()
        && v.kind() == SyntaxKind::VECTOR
    {
        r = v.text_range();
    }
    with_space_before(snap, r)
}

/// A range extended over the whitespace before it (so removing it leaves no gap).
fn with_space_before(snap: &Snapshot, r: TextRange) -> TextRange {
    let before = &snap.text[..usize::from(r.start())];
    let ws = before.len() - before.trim_end().len();
    TextRange::new(r.start() - TextSize::from(ws as u32), r.end())
}

fn refactorings(ctx: &mut Ctx, offset: TextSize) {
    let snap = ctx.snap;
    let Some(tok) = lookup::token_at(snap, offset) else {
        return;
    };
    let lists: Vec<SyntaxNode> = tok
        .parent_ancestors()
        .filter(|n| n.kind() == SyntaxKind::LIST)
        .collect();
    let Some(inner) = lists.first() else { return };
    // Cycle privacy on a defn.
    if let Some(def) = lists.iter().find(|l| {
        forms(l)
            .first()
            .is_some_and(|h| matches!(h.to_string().as_str(), "defn" | "defn-"))
    }) && let Some(head) = forms(def).first().cloned()
    {
        let (new, title) = if head.to_string() == "defn" {
            ("defn-", "Make private")
        } else {
            ("defn", "Make public")
        };
        ctx.action(
            title.into(),
            CodeActionKind::REFACTOR_REWRITE,
            vec![(head.text_range(), new.into())],
            false,
        );
    }
    // Extract function / introduce let, on a call inside a top-level form.
    if lists.len() >= 2 {
        extract_function(ctx, inner, lists.last().unwrap());
        introduce_let(ctx, inner, &lists[1]);
    }
    // Unwind a threading form.
    let head = forms(inner).first().map(|h| h.to_string());
    if let Some(h @ ("->" | "->>")) = head.as_deref()
        && let Some(text) = unwind(inner, h == "->")
    {
        ctx.action(
            format!("Unwind {h}"),
            CodeActionKind::REFACTOR_REWRITE,
            vec![(inner.text_range(), text)],
            false,
        );
    }
    // Thread the outermost call chain the cursor is in.
    for l in lists.iter().rev() {
        if let Some(text) = thread(l, true) {
            ctx.action(
                "Thread first (->)".into(),
                CodeActionKind::REFACTOR_REWRITE,
                vec![(l.text_range(), text)],
                false,
            );
            break;
        }
    }
    for l in lists.iter().rev() {
        if let Some(text) = thread(l, false) {
            ctx.action(
                "Thread last (->>)".into(),
                CodeActionKind::REFACTOR_REWRITE,
                vec![(l.text_range(), text)],
                false,
            );
            break;
        }
    }
}

/// `(defn f [x] … (g x 1) …)` with the cursor in `(g x 1)` → a new `(defn- new-function
/// [x] (g x 1))` before `f`, and the form replaced by `(new-function x)`. The parameters
/// are the locals the form uses that are bound outside it.
fn extract_function(ctx: &mut Ctx, form: &SyntaxNode, top: &SyntaxNode) {
    let snap = ctx.snap;
    let range = form.text_range();
    if range == top.text_range() {
        return;
    }
    let a = &snap.analysis;
    let mut params: Vec<String> = Vec::new();
    for r in &a.refs {
        if let crate::analysis::Target::Local(i) = r.target
            && range.contains_range(r.range)
            && let Some(l) = a.locals.get(i)
            && !range.contains_range(l.range)
            && !l.synthetic
            && !params.contains(&l.name)
        {
            params.push(l.name.clone());
        }
    }
    let name = "new-function";
    let call = if params.is_empty() {
        format!("({name})")
    } else {
        format!("({name} {})", params.join(" "))
    };
    let def = format!(
        "(defn- {name} [{}]\n  {})\n\n",
        params.join(" "),
        &snap.text[range]
    );
    ctx.action(
        format!("Extract function `{name}`"),
        CodeActionKind::REFACTOR_EXTRACT,
        vec![
            (TextRange::empty(top.text_range().start()), def),
            (range, call),
        ],
        false,
    );
}

/// `(foo (bar 1))` with the cursor in `(bar 1)` → `(let [new-binding (bar 1)] (foo
/// new-binding))`.
fn introduce_let(ctx: &mut Ctx, form: &SyntaxNode, parent: &SyntaxNode) {
    let snap = ctx.snap;
    let head = forms(parent)
        .first()
        .map(|h| h.to_string())
        .unwrap_or_default();
    if head.starts_with("def") || head == "ns" || head == "fn" || head == "let" || head == "loop" {
        return;
    }
    let (f, p) = (form.text_range(), parent.text_range());
    let name = "new-binding";
    let rel = f - p.start();
    let mut body = snap.text[p].to_string();
    body.replace_range(usize::from(rel.start())..usize::from(rel.end()), name);
    let text = format!("(let [{name} {}]\n  {body})", &snap.text[f]);
    ctx.action(
        format!("Introduce let `{name}`"),
        CodeActionKind::REFACTOR_EXTRACT,
        vec![(p, text)],
        false,
    );
}

/// `(f (g (h x) a) b)` → `(-> x h (g a) (f b))` (first) or the `->>` form for last-argument
/// nesting; `None` unless at least two calls nest.
fn thread(list: &SyntaxNode, first: bool) -> Option<String> {
    let mut steps: Vec<String> = Vec::new();
    let mut cur = list.clone();
    let seed;
    loop {
        let items = forms(&cur);
        let head = items.first().map(|h| h.to_string()).unwrap_or_default();
        // Only plain calls thread; binding and defining forms do not.
        if items.len() < 2
            || items[0].kind() != SyntaxKind::SYMBOL
            || head.starts_with("def")
            || matches!(
                head.as_str(),
                "->" | "->>"
                    | "fn"
                    | "fn*"
                    | "let"
                    | "loop"
                    | "if"
                    | "when"
                    | "cond"
                    | "do"
                    | "ns"
                    | "binding"
                    | "for"
                    | "doseq"
                    | "quote"
                    | "case"
                    | "try"
            )
        {
            return None;
        }
        let (threaded, rest): (&SyntaxElement, Vec<String>) = if first {
            (
                &items[1],
                items[2..].iter().map(|e| e.to_string()).collect(),
            )
        } else {
            (
                items.last().unwrap(),
                items[1..items.len() - 1]
                    .iter()
                    .map(|e| e.to_string())
                    .collect(),
            )
        };
        let head = items[0].to_string();
        steps.push(if rest.is_empty() {
            head
        } else {
            format!("({head} {})", rest.join(" "))
        });
        match as_list(threaded) {
            Some(next)
                if forms(&next).len() >= 2 && forms(&next)[0].kind() == SyntaxKind::SYMBOL =>
            {
                cur = next
            }
            _ => {
                seed = threaded.to_string();
                break;
            }
        }
    }
    if steps.len() < 2 {
        return None;
    }
    steps.reverse();
    Some(format!(
        "({} {seed} {})",
        if first { "->" } else { "->>" },
        steps.join(" ")
    ))
}

/// `(-> x h (g a))` → `(g (h x) a)`.
fn unwind(list: &SyntaxNode, first: bool) -> Option<String> {
    let items = forms(list);
    let mut acc = items.get(1)?.to_string();
    for step in &items[2..] {
        acc = match as_list(step) {
            Some(l) => {
                let parts: Vec<String> = forms(&l).iter().map(|e| e.to_string()).collect();
                let (h, rest) = parts.split_first()?;
                let mut args: Vec<String> = rest.to_vec();
                if first {
                    args.insert(0, acc);
                } else {
                    args.push(acc);
                }
                format!("({h} {})", args.join(" "))
            }
            None => format!("({step} {acc})"),
        };
    }
    Some(acc)
}

/// Clean the `ns` form: drop requires nothing uses, sort the rest, one per line.
fn clean_ns(ctx: &mut Ctx) {
    let snap = ctx.snap;
    let Some(ns) = ns_form(snap) else { return };
    let Some(req) = require_clause(&ns) else {
        return;
    };
    let items = forms(&req);
    let mut kept: Vec<String> = Vec::new();
    for e in items.iter().skip(1) {
        let r = e.text_range();
        let unused = snap
            .analysis
            .requires
            .iter()
            .any(|q| r.contains_range(q.range) && !q.used && !q.bare);
        if !unused {
            kept.push(e.to_string());
        }
    }
    let mut sorted = kept.clone();
    sorted.sort_by_key(|s| s.trim_start_matches(['[', '(']).to_string());
    if sorted.len() == items.len() - 1
        && sorted
            == items
                .iter()
                .skip(1)
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
    {
        return;
    }
    let col = snap
        .index
        .position(PositionEncoding::Utf32, req.text_range().start())
        .col as usize
        + ":require ".len()
        + 1;
    let body = sorted.join(&format!("\n{}", " ".repeat(col)));
    let text = if sorted.is_empty() {
        String::new()
    } else {
        format!("(:require {body})")
    };
    let range = if sorted.is_empty() {
        with_space_before(snap, req.text_range())
    } else {
        req.text_range()
    };
    ctx.action(
        "Clean namespace (remove unused requires, sort)".into(),
        CodeActionKind::SOURCE_ORGANIZE_IMPORTS,
        vec![(range, text)],
        false,
    );
}

pub fn code_actions(
    world: &World,
    path: &Path,
    snap: &Snapshot,
    enc: PositionEncoding,
    range: TextRange,
) -> Vec<CodeActionOrCommand> {
    let mut ctx = Ctx {
        snap,
        enc,
        uri: convert::uri(path),
        out: Vec::new(),
    };
    quick_fixes(&mut ctx, world, path, range);
    refactorings(&mut ctx, range.start());
    clean_ns(&mut ctx);
    ctx.out
}

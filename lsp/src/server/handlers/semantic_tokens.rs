//! `textDocument/semanticTokens/full`, `…/range` and `…/full/delta`: what each symbol
//! resolved to (function, macro, var, local, namespace, special form, host class) plus
//! literals and comments from the tree, so themes can colour code by meaning.

use std::collections::BTreeMap;

use syntax::{PositionEncoding, SyntaxKind, TextRange, TextSize};
use tower_lsp::lsp_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensDelta,
    SemanticTokensEdit, SemanticTokensLegend,
};

use super::super::world::{Snapshot, World};
use crate::analysis::core_index::{CoreIndex, VarKind};
use crate::analysis::{DefKind, Target};

pub const TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::NAMESPACE,
    SemanticTokenType::TYPE,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::MACRO,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::PARAMETER,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::REGEXP,
    SemanticTokenType::COMMENT,
    SemanticTokenType::KEYWORD,
];

pub const MODIFIERS: &[SemanticTokenModifier] = &[
    SemanticTokenModifier::DECLARATION,
    SemanticTokenModifier::DEFINITION,
    SemanticTokenModifier::DEFAULT_LIBRARY,
];

const NAMESPACE: u32 = 0;
const TYPE: u32 = 1;
const FUNCTION: u32 = 2;
const MACRO: u32 = 3;
const VARIABLE: u32 = 4;
const PROPERTY: u32 = 6;
const STRING: u32 = 7;
const NUMBER: u32 = 8;
const REGEXP: u32 = 9;
const COMMENT: u32 = 10;
const KEYWORD: u32 = 11;

const DECLARATION: u32 = 1;
const DEFINITION: u32 = 2;
const DEFAULT_LIBRARY: u32 = 4;

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: MODIFIERS.to_vec(),
    }
}

fn var_type(world: &World, snap: &Snapshot, ns: &str, name: &str) -> (u32, u32) {
    if let Some(d) = snap
        .analysis
        .defs
        .iter()
        .find(|d| d.ns == ns && d.name == name)
    {
        return (def_type(d.kind), 0);
    }
    if let Some(v) = CoreIndex::get().var(ns, name) {
        let t = match v.kind {
            VarKind::Fn => FUNCTION,
            VarKind::Macro => MACRO,
            _ => VARIABLE,
        };
        return (t, DEFAULT_LIBRARY);
    }
    for f in world.files.values() {
        if let Some(s) = &f.snap
            && s.analysis.ns == ns
            && let Some(d) = s.analysis.defs.iter().find(|d| d.name == name)
        {
            return (def_type(d.kind), 0);
        }
    }
    (VARIABLE, 0)
}

fn def_type(k: DefKind) -> u32 {
    match k {
        DefKind::Fn | DefKind::Multi | DefKind::ProtocolMethod => FUNCTION,
        DefKind::Macro => MACRO,
        DefKind::Protocol | DefKind::Record | DefKind::Type => TYPE,
        _ => VARIABLE,
    }
}

/// Every token as (range, type, modifiers), sorted and non-overlapping.
fn classify(world: &World, snap: &Snapshot) -> Vec<(TextRange, u32, u32)> {
    let mut out: BTreeMap<TextSize, (TextRange, u32, u32)> = BTreeMap::new();
    let text = &snap.text;
    let mut put = |r: TextRange, t: u32, m: u32| {
        if !r.is_empty() {
            out.entry(r.start()).or_insert((r, t, m));
        }
    };
    let a = &snap.analysis;
    for d in &a.defs {
        put(d.name_range, def_type(d.kind), DEFINITION);
    }
    for l in a.locals.iter().filter(|l| !l.synthetic) {
        put(l.range, VARIABLE, DECLARATION);
    }
    for r in &a.refs {
        let (t, m) = match &r.target {
            Target::Local(_) => (VARIABLE, 0),
            Target::Var { ns, name } => var_type(world, snap, ns, name),
            Target::Special => (KEYWORD, 0),
            Target::Host => (TYPE, 0),
            Target::Namespace(_) => (NAMESPACE, 0),
            Target::Unresolved => continue,
        };
        // `alias/name`: the qualifier is a namespace.
        let s = &text[r.range];
        match s.find('/') {
            Some(i) if i > 0 && i + 1 < s.len() && !matches!(r.target, Target::Host) => {
                let q = TextRange::at(r.range.start(), TextSize::from(i as u32));
                put(q, NAMESPACE, 0);
                put(
                    TextRange::new(q.end() + TextSize::from(1), r.range.end()),
                    t,
                    m,
                );
            }
            _ => put(r.range, t, m),
        }
    }
    for k in &a.keywords {
        put(k.range, PROPERTY, 0);
    }
    for tok in snap
        .parse
        .syntax()
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
    {
        let t = match tok.kind() {
            SyntaxKind::STRING | SyntaxKind::CHAR => STRING,
            SyntaxKind::NUMBER => NUMBER,
            SyntaxKind::REGEX => REGEXP,
            SyntaxKind::COMMENT => COMMENT,
            SyntaxKind::KEYWORD => PROPERTY,
            _ => continue,
        };
        put(tok.text_range(), t, 0);
    }
    // Drop overlaps (expansions can map several ranges onto one text).
    let mut v: Vec<(TextRange, u32, u32)> = Vec::with_capacity(out.len());
    for (_, tok) in out {
        if v.last().is_none_or(|last| last.0.end() <= tok.0.start()) {
            v.push(tok);
        }
    }
    v
}

/// Encodes tokens relative to each other, one per line (multi-line strings are split).
fn encode(
    snap: &Snapshot,
    enc: PositionEncoding,
    toks: &[(TextRange, u32, u32)],
    within: Option<TextRange>,
) -> Vec<SemanticToken> {
    let mut data = Vec::new();
    let (mut prev_line, mut prev_col) = (0u32, 0u32);
    for &(range, t, m) in toks {
        if let Some(w) = within
            && (range.end() <= w.start() || range.start() >= w.end())
        {
            continue;
        }
        let start = snap.index.position(enc, range.start());
        let end = snap.index.position(enc, range.end());
        let mut pieces = Vec::new();
        if start.line == end.line {
            pieces.push((start.line, start.col, end.col - start.col));
        } else {
            for line in start.line..=end.line {
                let from = if line == start.line { start.col } else { 0 };
                let line_end = if line == end.line {
                    end.col
                } else {
                    let next = snap
                        .index
                        .offset_of(
                            enc,
                            syntax::WideLineCol {
                                line: line + 1,
                                col: 0,
                            },
                        )
                        .unwrap_or(snap.index.len());
                    let p = snap
                        .index
                        .position(enc, next.checked_sub(TextSize::from(1)).unwrap_or(next));
                    p.col
                };
                if line_end > from {
                    pieces.push((line, from, line_end - from));
                }
            }
        }
        for (line, col, len) in pieces {
            let delta_line = line - prev_line;
            let delta_start = if delta_line == 0 { col - prev_col } else { col };
            data.push(SemanticToken {
                delta_line,
                delta_start,
                length: len,
                token_type: t,
                token_modifiers_bitset: m,
            });
            prev_line = line;
            prev_col = col;
        }
    }
    data
}

pub fn full(world: &World, snap: &Snapshot, enc: PositionEncoding) -> Vec<SemanticToken> {
    encode(snap, enc, &classify(world, snap), None)
}

pub fn range(
    world: &World,
    snap: &Snapshot,
    enc: PositionEncoding,
    r: TextRange,
) -> SemanticTokens {
    SemanticTokens {
        result_id: None,
        data: encode(snap, enc, &classify(world, snap), Some(r)),
    }
}

/// The edit turning `old` into `new`: one replacement of the differing middle.
pub fn delta(
    old: &[SemanticToken],
    new: &[SemanticToken],
    result_id: String,
) -> SemanticTokensDelta {
    let flat = |v: &[SemanticToken]| -> Vec<u32> {
        v.iter()
            .flat_map(|t| {
                [
                    t.delta_line,
                    t.delta_start,
                    t.length,
                    t.token_type,
                    t.token_modifiers_bitset,
                ]
            })
            .collect()
    };
    let (a, b) = (flat(old), flat(new));
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count() / 5 * 5;
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
        / 5
        * 5;
    let edits = if a == b {
        Vec::new()
    } else {
        let inserted = &new[prefix / 5..(b.len() - suffix) / 5];
        vec![SemanticTokensEdit {
            start: prefix as u32,
            delete_count: (a.len() - suffix - prefix) as u32,
            data: Some(inserted.to_vec()),
        }]
    };
    SemanticTokensDelta {
        result_id: Some(result_id),
        edits,
    }
}

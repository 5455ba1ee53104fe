//! What is at a position: the symbol under the cursor and what it refers to (a local, a
//! var, a namespace), with the definitions and references the navigation handlers need.
//! Works on snapshots and the world; knows nothing of the protocol.

use std::path::{Path, PathBuf};

use syntax::{SyntaxKind, SyntaxToken, TextRange, TextSize, TokenAtOffset};

use super::world::{Snapshot, World};
use crate::analysis::{Def, Target};

/// The thing under the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A local binding (index into the file's locals).
    Local(usize),
    Var {
        ns: String,
        name: String,
    },
    Namespace(String),
    Keyword(String),
    /// A special form (`if`, `let*`, …) in operator position.
    Special(String),
}

/// The subject at `offset`, and the range of the text naming it.
pub fn subject_at(snap: &Snapshot, offset: TextSize) -> Option<(Subject, TextRange)> {
    let a = &snap.analysis;
    let hit = |r: TextRange| r.contains_inclusive(offset);
    // Definitions first: a def's name is not a reference.
    if let Some(d) = a.defs.iter().find(|d| hit(d.name_range)) {
        return Some((
            Subject::Var {
                ns: d.ns.clone(),
                name: d.name.clone(),
            },
            d.name_range,
        ));
    }
    // The smallest reference containing the offset (expansions may nest ranges).
    // Symbols an expansion wrote are mapped onto the user's text (often the macro call's
    // head): only a reference whose text names its target is the one under the cursor.
    let names_target = |r: &crate::analysis::Reference| {
        let text = &snap.text[r.range];
        let name = match text.rsplit_once('/') {
            Some((_, n)) if !n.is_empty() => n,
            _ => text,
        };
        match &r.target {
            Target::Var { name: n, .. } => n == name,
            Target::Local(i) => a.locals.get(*i).is_some_and(|l| l.name == text),
            Target::Special => name == text,
            _ => true,
        }
    };
    if let Some(r) = a
        .refs
        .iter()
        .filter(|r| hit(r.range) && names_target(r))
        .min_by_key(|r| r.range.len())
    {
        let s = match &r.target {
            Target::Local(i) => Subject::Local(*i),
            Target::Var { ns, name } => Subject::Var {
                ns: ns.clone(),
                name: name.clone(),
            },
            Target::Namespace(ns) => Subject::Namespace(ns.clone()),
            Target::Special => Subject::Special(snap.text[r.range].to_string()),
            _ => return None,
        };
        return Some((s, r.range));
    }
    if let Some((i, l)) = a
        .locals
        .iter()
        .enumerate()
        .find(|(_, l)| !l.synthetic && hit(l.range))
    {
        return Some((Subject::Local(i), l.range));
    }
    for req in &a.requires {
        if let Some((_, r)) = &req.alias
            && hit(*r)
        {
            return Some((Subject::Namespace(req.ns.clone()), *r));
        }
        for refer in &req.refers {
            if hit(refer.range) {
                return Some((
                    Subject::Var {
                        ns: req.ns.clone(),
                        name: refer.name.clone(),
                    },
                    refer.range,
                ));
            }
        }
        if hit(req.range) {
            return Some((Subject::Namespace(req.ns.clone()), req.range));
        }
    }
    if let Some(r) = a.ns_range
        && hit(r)
    {
        return Some((Subject::Namespace(a.ns.clone()), r));
    }
    if let Some(k) = a.keywords.iter().find(|k| hit(k.range)) {
        return Some((Subject::Keyword(k.text.clone()), k.range));
    }
    None
}

/// The token at an offset, preferring the one that ends there over whitespace after it
/// (the cursor is usually just after what the user typed).
pub fn token_at(snap: &Snapshot, offset: TextSize) -> Option<SyntaxToken> {
    let root = snap.parse.syntax();
    if offset > root.text_range().end() {
        return None;
    }
    match root.token_at_offset(offset) {
        TokenAtOffset::None => None,
        TokenAtOffset::Single(t) => Some(t),
        TokenAtOffset::Between(a, b) => {
            if is_trivia(b.kind())
                || matches!(
                    b.kind(),
                    SyntaxKind::R_PAREN | SyntaxKind::R_BRACKET | SyntaxKind::R_BRACE
                )
            {
                Some(a)
            } else {
                Some(b)
            }
        }
    }
}

pub fn is_trivia(k: SyntaxKind) -> bool {
    matches!(
        k,
        SyntaxKind::WHITESPACE | SyntaxKind::COMMA | SyntaxKind::COMMENT
    )
}

/// Where a var is defined in the project.
pub fn var_defs(world: &World, ns: &str, name: &str) -> Vec<(PathBuf, Def)> {
    let mut out = Vec::new();
    for (p, f) in &world.files {
        if let Some(s) = &f.snap {
            for d in &s.analysis.defs {
                if d.ns == ns && d.name == name {
                    out.push((p.clone(), d.clone()));
                }
            }
        }
    }
    out.sort_by(|a, b| (&a.0, a.1.range.start()).cmp(&(&b.0, b.1.range.start())));
    out
}

/// The files declaring a namespace, with the range of the name in the `ns` form.
pub fn ns_decls(world: &World, ns: &str) -> Vec<(PathBuf, TextRange)> {
    let mut out: Vec<(PathBuf, TextRange)> = world
        .files
        .iter()
        .filter_map(|(p, f)| {
            let s = f.snap.as_ref()?;
            if s.analysis.ns_decl.as_deref() == Some(ns) {
                Some((p.clone(), s.analysis.ns_range?))
            } else {
                None
            }
        })
        .collect();
    out.sort_by(|a, b| (&a.0, a.1.start()).cmp(&(&b.0, b.1.start())));
    out
}

/// Every occurrence of a subject: `(file, range, is_definition)`. Locals and keywords are
/// looked up in `path` only (keywords everywhere when `all_files`).
pub fn occurrences(
    world: &World,
    path: &Path,
    snap: &Snapshot,
    subject: &Subject,
) -> Vec<(PathBuf, TextRange, bool)> {
    let mut out = Vec::new();
    match subject {
        Subject::Local(i) => {
            if let Some(l) = snap.analysis.locals.get(*i) {
                out.push((path.to_path_buf(), l.range, true));
            }
            for r in &snap.analysis.refs {
                if r.target == Target::Local(*i) {
                    out.push((path.to_path_buf(), r.range, false));
                }
            }
        }
        Subject::Var { ns, name } => {
            for (p, f) in &world.files {
                let Some(s) = snap_for(p, path, snap, f.snap.as_deref()) else {
                    continue;
                };
                for d in &s.analysis.defs {
                    if d.ns == *ns && d.name == *name {
                        out.push((p.clone(), d.name_range, true));
                    }
                }
                for r in &s.analysis.refs {
                    if matches!(&r.target, Target::Var { ns: n, name: m } if n == ns && m == name) {
                        out.push((p.clone(), r.range, false));
                    }
                }
                for req in s.analysis.requires.iter().filter(|q| q.ns == *ns) {
                    for refer in req.refers.iter().filter(|f| f.name == *name) {
                        out.push((p.clone(), refer.range, false));
                    }
                }
            }
        }
        Subject::Namespace(ns) => {
            for (p, f) in &world.files {
                let Some(s) = snap_for(p, path, snap, f.snap.as_deref()) else {
                    continue;
                };
                if s.analysis.ns_decl.as_deref() == Some(ns.as_str())
                    && let Some(r) = s.analysis.ns_range
                {
                    out.push((p.clone(), r, true));
                }
                for req in s.analysis.requires.iter().filter(|q| q.ns == *ns) {
                    out.push((p.clone(), req.range, false));
                }
            }
        }
        Subject::Special(_) => {}
        Subject::Keyword(k) => {
            for (p, f) in &world.files {
                let Some(s) = snap_for(p, path, snap, f.snap.as_deref()) else {
                    continue;
                };
                for kw in s.analysis.keywords.iter().filter(|x| x.text == *k) {
                    out.push((p.clone(), kw.range, false));
                }
            }
        }
    }
    out.sort_by(|a, b| (&a.0, a.1.start()).cmp(&(&b.0, b.1.start())));
    out.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    out
}

/// The snapshot to search in a file: the caller's fresh one for its own file.
fn snap_for<'a>(
    p: &Path,
    path: &Path,
    own: &'a Snapshot,
    stored: Option<&'a Snapshot>,
) -> Option<&'a Snapshot> {
    if p == path { Some(own) } else { stored }
}

//! A project: files analysed together in three passes — scan (namespaces and macros, in
//! parallel), analyse (the walker, in parallel), link (references between namespaces).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use syntax::ast::Form;
use syntax::{Parse, TextRange};

use super::expand::Expander;
use super::node::lower_file;
use super::walker::{Env, Tail, Walker};
use super::{AnalysisConfig, DefKind, FileAnalysis, FileScan, Finding, Missing};
use crate::lint::rules;

/// A source file to analyse.
#[derive(Debug, Clone)]
pub struct ProjectFile {
    pub path: PathBuf,
    /// The path as shown in findings.
    pub display: String,
    /// The path relative to its source root (`app/core.clj`), when under one.
    pub rel: Option<String>,
    pub text: String,
}

/// One analysed file.
pub struct AnalysedFile {
    pub file: ProjectFile,
    pub parse: Parse,
    pub analysis: FileAnalysis,
}

/// Settings shared by every file of a project.
pub struct Project {
    pub root: Option<PathBuf>,
    pub config: AnalysisConfig,
}

/// The namespace and macros of a file, from its top-level forms alone.
pub fn scan(parse: &Parse) -> FileScan {
    let mut out = FileScan {
        ns: "user".into(),
        ..FileScan::default()
    };
    fn visit(form: Form, out: &mut FileScan) {
        let Form::List(list) = form else { return };
        let Some(head) = list.head_symbol() else {
            return;
        };
        let mut rest = list.forms().skip(1);
        match head.name() {
            "ns" => {
                if let Some(name) = rest.next() {
                    let name = strip_meta(name);
                    if let Form::Symbol(s) = name {
                        out.ns = syntax::ast::AstToken::text(&s).to_string();
                    }
                }
            }
            "defmacro" => {
                if let Some(Form::Symbol(s)) = rest.next().map(strip_meta) {
                    out.macros.insert(s.name().to_string());
                }
            }
            "do" => {
                for f in rest {
                    visit(f, out);
                }
            }
            _ => {}
        }
    }
    for f in parse.root().forms() {
        visit(f, &mut out);
    }
    out
}

fn strip_meta(f: Form) -> Form {
    let mut f = f;
    while let Form::WithMeta(m) = &f {
        match m.target() {
            Some(t) => f = t,
            None => break,
        }
    }
    f
}

/// Analyses one parsed file.
pub fn analyze_file(parse: &Parse, file: &ProjectFile, env: &Env) -> FileAnalysis {
    let (nodes, inactive) = lower_file(&parse.root());
    let mut w = Walker::new(env, &file.text, Some(file.path.clone()));
    for n in &nodes {
        w.expr(n, Tail::No);
    }
    let mut out = w.finish(&inactive);
    for e in parse.errors() {
        out.findings.push(Finding {
            code: rules::syntax_error::CODE,
            range: e.range,
            message: e.message.clone(),
        });
    }
    if let (Some(range), Some(rel)) = (out.ns_range, &file.rel)
        && let Some(f) = rules::namespace_name_mismatch::check(&out.ns, range, rel)
    {
        out.findings.push(f);
    }
    out
}

/// Runs `f` over `items` on `threads` threads, keeping order.
fn parallel<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= items.len() {
                        break;
                    }
                    let r = f(&items[i]);
                    if let Ok(mut v) = results.lock() {
                        v[i] = Some(r);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

impl Project {
    /// Analyses files; `progress` is called with the number of files done so far.
    pub fn analyze(
        &self,
        files: Vec<ProjectFile>,
        threads: usize,
        expander: Option<&(dyn Expander + Sync)>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Vec<AnalysedFile> {
        let parsed: Vec<(Parse, FileScan)> = parallel(&files, threads, |f| {
            let parse = syntax::parse(&f.text);
            let scan = scan(&parse);
            (parse, scan)
        });
        let mut scans: HashMap<String, FileScan> = HashMap::new();
        for (_, s) in &parsed {
            let entry = scans.entry(s.ns.clone()).or_insert_with(|| FileScan {
                ns: s.ns.clone(),
                ..FileScan::default()
            });
            entry.macros.extend(s.macros.iter().cloned());
        }
        let env = Env {
            scans: &scans,
            config: &self.config,
            expander,
            root: self.root.clone(),
        };
        let done = AtomicUsize::new(0);
        let indices: Vec<usize> = (0..files.len()).collect();
        let analyses: Vec<FileAnalysis> = parallel(&indices, threads, |&i| {
            let a = analyze_file(&parsed[i].0, &files[i], &env);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1);
            a
        });
        let mut out: Vec<AnalysedFile> = files
            .into_iter()
            .zip(parsed)
            .zip(analyses)
            .map(|((file, (parse, _)), analysis)| AnalysedFile {
                file,
                parse,
                analysis,
            })
            .collect();
        link(&mut out);
        out
    }
}

/// Checks references into other project namespaces: missing vars, arities, privacy.
pub fn link(files: &mut [AnalysedFile]) {
    // ns → name → (arity, private, kind)
    type Known = (Option<super::Arity>, bool, DefKind);
    let mut defs: HashMap<String, HashMap<String, Known>> = HashMap::new();
    for f in files.iter() {
        for d in &f.analysis.defs {
            let e = defs.entry(d.ns.clone()).or_default();
            let slot = e.entry(d.name.clone()).or_insert((None, d.private, d.kind));
            if d.kind != DefKind::Declare || slot.0.is_none() {
                if d.arity.is_some() {
                    slot.0 = d.arity.clone();
                }
                slot.1 = d.private;
                slot.2 = d.kind;
            }
        }
    }
    for f in files.iter_mut() {
        let a = &mut f.analysis;
        let mut new = Vec::new();
        for r in &a.ext_refs {
            let hit = r
                .candidates
                .iter()
                .find_map(|ns| defs.get(ns).and_then(|m| m.get(&r.name)).map(|d| (ns, d)));
            match hit {
                Some((ns, (arity, private, _))) => {
                    if *private && *ns != a.ns {
                        new.push(Finding {
                            code: rules::private_call::CODE,
                            range: r.range,
                            message: format!("#'{ns}/{} is private", r.name),
                        });
                    }
                    if let (Some(n), Some(arity)) = (r.call_args, arity)
                        && !arity.accepts(n)
                    {
                        new.push(Finding {
                            code: rules::invalid_arity::CODE,
                            range: r.range,
                            message: rules::invalid_arity::message(
                                &format!("{ns}/{}", r.name),
                                arity,
                                n,
                            ),
                        });
                    }
                }
                None => match r.missing {
                    Missing::Var => new.push(Finding {
                        code: rules::unresolved_var::CODE,
                        range: r.range,
                        message: format!("Unresolved var: {}/{}", r.candidates.join("|"), r.name),
                    }),
                    Missing::Symbol => new.push(Finding {
                        code: rules::unresolved_symbol::CODE,
                        range: r.range,
                        message: format!("Unresolved symbol: {}", r.name),
                    }),
                    Missing::Silent => {}
                },
            }
        }
        a.findings.extend(new);
        a.findings.sort_by_key(|f| (f.range.start(), f.code));
        a.findings
            .dedup_by(|x, y| x.code == y.code && x.range == y.range);
    }
}

/// The range of a whole file (for findings about it).
pub fn file_range(text: &str) -> TextRange {
    TextRange::up_to(syntax::TextSize::of(text))
}

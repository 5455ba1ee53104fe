//! `kiln lint [PATHS…]`: lint files or the project's source roots; print diagnostics in a
//! format; exit as clj-kondo does (0 clean, 2 warnings, 3 errors, per `--fail-level`; 1 for
//! usage and configuration errors).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, bail};
use lsp::analysis::ProjectFile;
use lsp::diagnostic::Summary;
use lsp::lint::config::LintConfig;
use lsp::lint::driver::{collect_files, lint_files, rel_to_roots};
use lsp::lint::{Level, registry};
use lsp::project_layout::{find_root, source_roots};
use lsp::render::{Format, render};

#[derive(clap::Args)]
pub struct LintArgs {
    /// Files or directories to lint (default: the project's source roots). `-` reads stdin.
    paths: Vec<String>,
    /// Also files to lint, as clj-kondo spells it (`--lint -` reads stdin).
    #[arg(long = "lint", value_name = "PATH")]
    lint: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// The lowest level that makes the exit code non-zero.
    #[arg(long, default_value = "warning", value_parser = ["info", "warning", "error"])]
    fail_level: String,
    /// Explain a rule: what it checks, why, an example, and the fix.
    #[arg(long, value_name = "CODE")]
    explain: Option<String>,
    /// Print every rule's documentation as Markdown.
    #[arg(long)]
    rules_doc: bool,
    /// The file name to report for standard input.
    #[arg(long, default_value = "<stdin>")]
    filename: String,
    /// Do not expand the project's own macros (analyse their calls leniently instead).
    #[arg(long)]
    no_expand: bool,
    /// Worker threads (default: available cores).
    #[arg(long)]
    threads: Option<usize>,
}

pub fn run(args: &LintArgs) -> anyhow::Result<ExitCode> {
    if let Some(code) = &args.explain {
        let code = code.trim_start_matches(':');
        let Some(rule) = registry::find(code) else {
            let codes: Vec<&str> = registry::ALL.iter().map(|r| r.code).collect();
            bail!("unknown rule {code}; the rules are: {}", codes.join(", "));
        };
        println!(
            "{} (default level: {})\n\n{}",
            rule.code,
            rule.default_level,
            rule.doc()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if args.rules_doc {
        print!("{}", registry::markdown());
        return Ok(ExitCode::SUCCESS);
    }
    let mut inputs: Vec<String> = args.paths.clone();
    inputs.extend(args.lint.iter().cloned());
    let cwd = std::env::current_dir().context("no current directory")?;
    let anchor = inputs
        .iter()
        .find(|p| *p != "-")
        .map(PathBuf::from)
        .unwrap_or_else(|| cwd.clone());
    let root = find_root(&anchor);
    let mut config =
        LintConfig::load(&root).map_err(|e| anyhow::anyhow!("bad configuration: {e}"))?;
    if args.no_expand {
        config.analysis.expand_macros = false;
    }
    let roots = source_roots(&root);
    let mut files = Vec::new();
    let mut stdin_text = None;
    let paths: Vec<PathBuf> = if inputs.is_empty() {
        if roots.is_empty() {
            bail!(
                "no source roots under {} (deps.edn :paths, or src/ and test/); pass files or directories to lint",
                root.display()
            );
        }
        roots.clone()
    } else {
        let mut ps = Vec::new();
        for i in &inputs {
            if i == "-" {
                stdin_text = Some(super::read_source("-")?);
            } else {
                let p = PathBuf::from(i);
                if !p.exists() {
                    bail!("{i}: no such file or directory");
                }
                ps.push(p);
            }
        }
        ps
    };
    // Directories given to lint stand in for source roots when the project declares none
    // (so `require` finds their namespaces during macro expansion).
    let roots: Vec<PathBuf> = if roots.is_empty() {
        paths.iter().filter(|p| p.is_dir()).cloned().collect()
    } else {
        roots
    };
    let abs_roots: Vec<PathBuf> = roots
        .iter()
        .map(|r| std::fs::canonicalize(r).unwrap_or_else(|_| r.clone()))
        .collect();
    // Explicit paths: the rest of the source roots is analysed too (its namespaces, macros
    // and definitions), but only the paths given are reported.
    let mut wanted: Vec<(PathBuf, bool)> = collect_files(&root, &paths, &config)
        .into_iter()
        .map(|p| (p, true))
        .collect();
    if !inputs.is_empty() {
        let given: std::collections::HashSet<PathBuf> = wanted
            .iter()
            .map(|(p, _)| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
            .collect();
        for p in collect_files(&root, &roots, &config) {
            let abs = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
            if !given.contains(&abs) {
                wanted.push((p, false));
            }
        }
    }
    if stdin_text.is_some() {
        // The buffer on stdin replaces the file of the same name on disk.
        let named = std::fs::canonicalize(cwd.join(&args.filename)).ok();
        wanted.retain(|(p, _)| std::fs::canonicalize(p).ok() != named || named.is_none());
    }
    for (path, report) in wanted {
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => bail!("cannot read {}: {e}", path.display()),
        };
        let abs = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        let display = path
            .strip_prefix(&cwd)
            .unwrap_or(&path)
            .display()
            .to_string();
        files.push(ProjectFile {
            rel: rel_to_roots(&abs, &abs_roots),
            path: abs,
            display,
            text,
            report,
        });
    }
    if let Some(text) = stdin_text {
        files.push(ProjectFile {
            path: cwd.join(&args.filename),
            display: args.filename.clone(),
            rel: None,
            text,
            report: true,
        });
    }
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let total = files.len();
    let show_progress = total >= 50 && std::io::stderr().is_terminal();
    let last = AtomicUsize::new(0);
    let progress = |done: usize| {
        if show_progress {
            let pct = done * 100 / total.max(1);
            if pct != last.swap(pct, Ordering::Relaxed) || done == total {
                let bar = "#".repeat(pct / 4);
                eprint!("\r[{bar:<25}] {done}/{total} files");
                if done == total {
                    eprint!("\r{}\r", " ".repeat(50));
                }
            }
        }
    };
    let expander = if config.analysis.expand_macros {
        Some(lsp::analysis::expand::RuntimeExpander::new(roots.clone()))
    } else {
        None
    };
    let report = lint_files(
        files,
        Some(root),
        &config,
        threads,
        expander.as_ref().map(|e| e as _),
        &progress,
    );
    print!("{}", render(args.format, &report));
    let s = Summary::of(&report.diagnostics);
    let fail: Level = args.fail_level.parse().map_err(anyhow::Error::msg)?;
    Ok(if s.errors > 0 {
        ExitCode::from(3)
    } else if (s.warnings > 0 && fail <= Level::Warning) || (s.infos > 0 && fail <= Level::Info) {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

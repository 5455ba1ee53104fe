//! Lint configuration: `.kiln/config.edn`, and clj-kondo's `.clj-kondo/config.edn` when
//! present (its `:linters` levels, `:lint-as` and `:unresolved-symbol :exclude`; keys kiln
//! does not know are ignored there). kiln's own file is strict: an unknown linter or a bad
//! level is an error naming the file, position and key.
//!
//! ```clojure
//! {:linters {:unused-binding {:level :off}
//!            :missing-else-branch {:level :warning}
//!            :unresolved-symbol {:exclude [my.lib/defthing-sym]}}
//!  :lint-as {my.test/deftest clojure.test/deftest}
//!  :exclude ["test/fixtures/**" "**/generated_*.clj"]}
//! ```

use std::collections::HashMap;
use std::path::Path;

use syntax::{LineIndex, PositionEncoding};

use super::registry::{self, Level};
use crate::analysis::AnalysisConfig;
use crate::analysis::node::{Lowerer, Node, NodeKind};

/// Effective lint settings.
#[derive(Debug, Clone)]
pub struct LintConfig {
    pub levels: HashMap<String, Level>,
    pub analysis: AnalysisConfig,
    pub exclude: Vec<String>,
}

impl Default for LintConfig {
    fn default() -> LintConfig {
        LintConfig {
            levels: HashMap::new(),
            analysis: AnalysisConfig {
                expand_macros: true,
                ..AnalysisConfig::default()
            },
            exclude: Vec::new(),
        }
    }
}

/// A configuration error: where and what.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{file}:{line}:{col}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl LintConfig {
    /// The level of a rule after configuration.
    pub fn level(&self, code: &str) -> Level {
        if let Some(l) = self.levels.get(code) {
            return *l;
        }
        registry::find(code).map_or(Level::Warning, |r| r.default_level)
    }

    /// Loads `.clj-kondo/config.edn` then `.kiln/config.edn` (kiln's wins) from `root`.
    pub fn load(root: &Path) -> Result<LintConfig, ConfigError> {
        let mut cfg = LintConfig::default();
        let kondo = root.join(".clj-kondo/config.edn");
        if let Ok(text) = std::fs::read_to_string(&kondo) {
            cfg.merge(&text, &kondo.display().to_string(), false)?;
        }
        let kiln = root.join(".kiln/config.edn");
        if let Ok(text) = std::fs::read_to_string(&kiln) {
            cfg.merge(&text, &kiln.display().to_string(), true)?;
        }
        Ok(cfg)
    }

    /// Merges one config file's text. `strict` rejects unknown linters.
    pub fn merge(&mut self, text: &str, file: &str, strict: bool) -> Result<(), ConfigError> {
        let index = LineIndex::new(text);
        let err = |node: Option<&Node>, message: String| {
            let pos = index.position(
                PositionEncoding::Utf32,
                node.map_or(0.into(), |n| n.range.start()),
            );
            ConfigError {
                file: file.to_string(),
                line: pos.line + 1,
                col: pos.col + 1,
                message,
            }
        };
        let parse = syntax::parse(text);
        if let Some(e) = parse.errors().first() {
            let pos = index.position(PositionEncoding::Utf32, e.range.start());
            return Err(ConfigError {
                file: file.to_string(),
                line: pos.line + 1,
                col: pos.col + 1,
                message: e.message.clone(),
            });
        }
        let mut inactive = Vec::new();
        let mut nodes = Vec::new();
        let mut l = Lowerer {
            inactive: &mut inactive,
        };
        for f in parse.root().forms() {
            l.lower_into(f, &mut nodes);
        }
        let Some(top) = nodes.first() else {
            return Ok(());
        };
        let NodeKind::Map(entries) = &top.kind else {
            return Err(err(Some(top), "the configuration must be a map".into()));
        };
        for pair in entries.chunks(2) {
            let Some(key) = pair[0].keyword() else {
                continue;
            };
            let Some(val) = pair.get(1) else { continue };
            match key.name.as_str() {
                "linters" => {
                    let NodeKind::Map(linters) = &val.kind else {
                        return Err(err(Some(val), ":linters must be a map".into()));
                    };
                    for lp in linters.chunks(2) {
                        let Some(code) = lp[0].keyword().map(|k| k.name.clone()) else {
                            return Err(err(Some(&lp[0]), "linter names are keywords".into()));
                        };
                        let known = registry::find(&code).is_some();
                        if !known && strict {
                            return Err(err(
                                Some(&lp[0]),
                                format!("unknown linter :{code} (see `kiln lint --explain`)"),
                            ));
                        }
                        let Some(NodeKind::Map(opts)) = lp.get(1).map(|n| &n.kind) else {
                            if strict {
                                return Err(err(
                                    lp.get(1),
                                    format!(
                                        ":linters :{code} must be a map like {{:level :warning}}"
                                    ),
                                ));
                            }
                            continue;
                        };
                        for op in opts.chunks(2) {
                            let Some(opt) = op[0].keyword().map(|k| k.name.as_str()) else {
                                continue;
                            };
                            let v = op.get(1);
                            match opt {
                                "level" => {
                                    let lvl =
                                        v.and_then(Node::keyword).map(|k| k.name.parse::<Level>());
                                    match lvl {
                                        Some(Ok(l)) => {
                                            if known {
                                                self.levels.insert(code.clone(), l);
                                            }
                                        }
                                        Some(Err(m)) => {
                                            return Err(err(
                                                v,
                                                format!(":linters :{code} :level: {m}"),
                                            ));
                                        }
                                        None => {
                                            return Err(err(
                                                v,
                                                format!(
                                                    ":linters :{code} :level must be :off, :info, :warning or :error"
                                                ),
                                            ));
                                        }
                                    }
                                }
                                "exclude" if code == "unresolved-symbol" => {
                                    if let Some(
                                        NodeKind::Vector(xs)
                                        | NodeKind::List(xs)
                                        | NodeKind::Set(xs),
                                    ) = v.map(|n| &n.kind)
                                    {
                                        for x in xs {
                                            if let Some(s) = x.symbol() {
                                                self.analysis.unresolved_exclude.insert(s.full());
                                            } else if let Some(items) = x.list() {
                                                // clj-kondo's (my.ns/macro [sym …]): exclude the syms.
                                                if let Some(syms) =
                                                    items.get(1).and_then(Node::vector)
                                                {
                                                    for s in syms.iter().filter_map(Node::symbol) {
                                                        self.analysis
                                                            .unresolved_exclude
                                                            .insert(s.full());
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                }
                "lint-as" => {
                    let NodeKind::Map(xs) = &val.kind else {
                        return Err(err(Some(val), ":lint-as must be a map of symbols".into()));
                    };
                    for p in xs.chunks(2) {
                        match (p[0].symbol(), p.get(1).and_then(Node::symbol)) {
                            (Some(a), Some(b)) => {
                                self.analysis.lint_as.insert(a.full(), b.full());
                            }
                            _ => return Err(err(Some(&p[0]), ":lint-as entries are fully qualified symbols: {my/deftest clojure.test/deftest}".into())),
                        }
                    }
                }
                "exclude" if strict => {
                    let NodeKind::Vector(xs) = &val.kind else {
                        return Err(err(
                            Some(val),
                            ":exclude must be a vector of glob strings".into(),
                        ));
                    };
                    for x in xs {
                        match x.string() {
                            Some(s) => self.exclude.push(s.to_string()),
                            None => {
                                return Err(err(
                                    Some(x),
                                    ":exclude entries must be strings".into(),
                                ));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Is this path (relative to the project root, `/`-separated) excluded?
    pub fn is_excluded(&self, rel: &str) -> bool {
        self.exclude.iter().any(|g| glob_match(g, rel))
    }
}

/// Glob matching: `*` (within a path segment), `**` (any number of segments), `?`.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    fn go(p: &[u8], s: &[u8]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some(b'*') if p.get(1) == Some(&b'*') => {
                let rest = if p.get(2) == Some(&b'/') {
                    &p[3..]
                } else {
                    &p[2..]
                };
                if rest.is_empty() {
                    return true;
                }
                (0..=s.len()).any(|i| (i == 0 || s[i - 1] == b'/') && go(rest, &s[i..]))
            }
            Some(b'*') => (0..=s.len())
                .take_while(|&i| i == 0 || s[i - 1] != b'/')
                .any(|i| go(&p[1..], &s[i..])),
            Some(b'?') => !s.is_empty() && s[0] != b'/' && go(&p[1..], &s[1..]),
            Some(c) => s.first() == Some(c) && go(&p[1..], &s[1..]),
        }
    }
    go(pattern.as_bytes(), path.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("test/**", "test/a/b.clj"));
        assert!(glob_match("**/gen_*.clj", "src/x/gen_a.clj"));
        assert!(glob_match("**/gen_*.clj", "gen_a.clj"));
        assert!(!glob_match("src/*.clj", "src/a/b.clj"));
        assert!(glob_match("src/?.clj", "src/a.clj"));
    }

    #[test]
    fn levels_and_errors() {
        let mut c = LintConfig::default();
        c.merge(
            "{:linters {:unused-binding {:level :off}} :lint-as {a/b clojure.core/let}}",
            "c.edn",
            true,
        )
        .unwrap();
        assert_eq!(c.level("unused-binding"), Level::Off);
        assert_eq!(c.level("missing-else-branch"), Level::Off);
        assert_eq!(c.analysis.lint_as["a/b"], "clojure.core/let");
        let e = c
            .merge("{:linters\n {:unused-bindin {:level :off}}}", "c.edn", true)
            .unwrap_err();
        assert_eq!((e.line, e.col), (2, 3));
        assert!(
            e.to_string().contains("unknown linter :unused-bindin"),
            "{e}"
        );
        let e = c
            .merge("{:linters {:unused-binding {:level :loud}}}", "c.edn", true)
            .unwrap_err();
        assert!(e.message.contains("unknown level"), "{e}");
        // clj-kondo's config: unknown linters are fine.
        c.merge(
            "{:linters {:some-kondo-only {:level :off}}}",
            "k.edn",
            false,
        )
        .unwrap();
        assert!(c.merge("{:linters [", "c.edn", true).is_err());
    }
}

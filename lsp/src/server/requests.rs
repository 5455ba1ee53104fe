//! The protocol surface: `initialize` and capabilities, document sync, and the wiring of
//! each request to its handler; kiln's own requests (eval, interrupt, macroexpand, syntax
//! tree).

use std::path::PathBuf;
use std::sync::Arc;

use syntax::{SyntaxKind, TextRange, TextSize};
use tower_lsp::LanguageServer;
use tower_lsp::jsonrpc::{self, Result};
use tower_lsp::lsp_types::*;

use super::eval_worker::EvalJob;
use super::ext::{
    self, EvalErrorInfo, EvalMode, EvalParams, EvalResponse, FullValueParams, MacroexpandParams,
    MacroexpandResponse, SyntaxTreeParams,
};
use super::handlers::{
    code_actions, code_lens, completion, diagnostics, hierarchy, hover, inlay_hints, navigation,
    rename, semantic_tokens, signature, structure, symbols,
};
use super::world::{Snapshot, Workspace};
use super::{ClientFlags, Server, convert, lookup};

fn invalid(msg: impl Into<String>) -> jsonrpc::Error {
    jsonrpc::Error {
        code: jsonrpc::ErrorCode::InvalidParams,
        message: msg.into().into(),
        data: None,
    }
}

/// The top-level form containing `offset` (or the last one before it).
fn top_level_form(snap: &Snapshot, offset: TextSize) -> Option<TextRange> {
    let forms: Vec<TextRange> = snap
        .parse
        .syntax()
        .children_with_tokens()
        .filter(|c| !lookup::is_trivia(c.kind()))
        .map(|c| c.text_range())
        .collect();
    forms
        .iter()
        .find(|r| r.contains_inclusive(offset))
        .or_else(|| forms.iter().rev().find(|r| r.end() <= offset))
        .copied()
}

/// The innermost form at `offset`: the atom under the cursor, or the collection whose
/// closing delimiter the cursor is just after, or the innermost collection around it.
fn current_form(snap: &Snapshot, offset: TextSize) -> Option<TextRange> {
    let tok = lookup::token_at(snap, offset)?;
    if matches!(
        tok.kind(),
        SyntaxKind::R_PAREN | SyntaxKind::R_BRACKET | SyntaxKind::R_BRACE
    ) {
        return tok.parent().map(|p| p.text_range());
    }
    if !lookup::is_trivia(tok.kind())
        && !matches!(
            tok.kind(),
            SyntaxKind::L_PAREN | SyntaxKind::L_BRACKET | SyntaxKind::L_BRACE
        )
    {
        return Some(tok.text_range());
    }
    tok.parent().map(|p| p.text_range())
}

/// The innermost list containing `offset` (the macro call to expand).
fn list_at(snap: &Snapshot, offset: TextSize) -> Option<TextRange> {
    let tok = lookup::token_at(snap, offset)?;
    let mut node = tok.parent();
    while let Some(n) = node {
        if n.kind() == SyntaxKind::LIST {
            return Some(n.text_range());
        }
        node = n.parent();
    }
    None
}

/// Source of the file's `ns` form, if it has one.
fn ns_form(snap: &Snapshot) -> Option<String> {
    snap.parse.syntax().children().find_map(|n| {
        let head = n
            .children_with_tokens()
            .find(|c| !lookup::is_trivia(c.kind()) && c.kind() != SyntaxKind::L_PAREN)?;
        (n.kind() == SyntaxKind::LIST && head.to_string() == "ns").then(|| n.to_string())
    })
}

/// `code` preceded by newlines and spaces so its positions are the file's.
fn padded(snap: &Snapshot, range: TextRange) -> String {
    let pos = snap
        .index
        .position(syntax::PositionEncoding::Utf32, range.start());
    let mut s = "\n".repeat(pos.line as usize);
    s.push_str(&" ".repeat(pos.col as usize));
    s.push_str(&snap.text[range]);
    s
}

/// Interrupts the running evaluation when a request is dropped (`$/cancelRequest`).
struct InterruptOnDrop(Option<Server>);

impl Drop for InterruptOnDrop {
    fn drop(&mut self) {
        if let Some(s) = self.0.take()
            && let Some(w) = s.eval_worker()
        {
            w.interrupt();
        }
    }
}

impl Server {
    async fn evaluate(
        &self,
        uri: &Url,
        range: Option<TextRange>,
        code: Option<String>,
        mode: EvalMode,
    ) -> Result<(EvalResponse, Arc<Snapshot>)> {
        let path = convert::path(uri).ok_or_else(|| invalid("not a file URI"))?;
        let snap = self
            .snapshot(&path)
            .await
            .ok_or_else(|| invalid("unknown document"))?;
        let enc = self.enc();
        let range = match (mode, range) {
            (EvalMode::File, _) => crate::analysis::project::file_range(&snap.text),
            (_, Some(r)) => r,
            _ => return Err(invalid("no form at the position")),
        };
        let code = code.unwrap_or_else(|| padded(&snap, range));
        let settings = self.settings();
        let worker = self
            .eval_worker()
            .ok_or_else(|| invalid("the runtime could not start"))?;
        let job = EvalJob {
            ns: snap.analysis.ns.clone(),
            ns_form: if mode == EvalMode::File {
                None
            } else {
                ns_form(&snap)
            },
            code,
            file: path.display().to_string(),
            budgets: settings.budgets.clone(),
        };
        let rx = worker.eval(job);
        let mut guard = InterruptOnDrop(Some(self.clone()));
        let result = rx.await.map_err(|_| invalid("the runtime stopped"))?;
        guard.0 = None;
        let lsp_range = convert::range(&snap.index, enc, range);
        let (value, error, truncated) = match result.value {
            Ok(v) => {
                if v.chars().count() > settings.max_value_len {
                    let id = self
                        .inner
                        .next_value
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let short: String = v.chars().take(settings.max_value_len).collect();
                    let mut values = super::lock(&self.inner.values);
                    if values.len() > 64 {
                        values.clear();
                    }
                    values.insert(id, v);
                    (Some(format!("{short}…")), None, Some(id))
                } else {
                    (Some(v), None, None)
                }
            }
            Err(f) => {
                let err_range = if f.line > 0 {
                    let at = snap.index.offset_of(
                        syntax::PositionEncoding::Utf32,
                        syntax::WideLineCol {
                            line: f.line - 1,
                            col: f.column.saturating_sub(1),
                        },
                    );
                    match at.and_then(|o| lookup::token_at(&snap, o)) {
                        Some(t) if range.contains_range(t.text_range()) => {
                            convert::range(&snap.index, enc, t.text_range())
                        }
                        _ => lsp_range,
                    }
                } else {
                    lsp_range
                };
                (
                    None,
                    Some(EvalErrorInfo {
                        message: f.message,
                        range: err_range,
                    }),
                    None,
                )
            }
        };
        Ok((
            EvalResponse {
                value,
                out: result.out,
                err: result.err,
                error,
                range: lsp_range,
                truncated,
            },
            snap,
        ))
    }

    pub async fn kiln_eval(&self, p: EvalParams) -> Result<EvalResponse> {
        let path = convert::path(&p.text_document.uri).ok_or_else(|| invalid("not a file URI"))?;
        let snap = self
            .snapshot(&path)
            .await
            .ok_or_else(|| invalid("unknown document"))?;
        let enc = self.enc();
        let at = |pos: Position| convert::offset(&snap.index, enc, pos);
        let range = match p.mode {
            EvalMode::File => None,
            EvalMode::Selection => p
                .range
                .map(|r| TextRange::new(at(r.start), at(r.end).max(at(r.start)))),
            EvalMode::TopLevel => p
                .position
                .or(p.range.map(|r| r.start))
                .and_then(|pos| top_level_form(&snap, at(pos))),
            EvalMode::CurrentForm => p
                .position
                .or(p.range.map(|r| r.start))
                .and_then(|pos| current_form(&snap, at(pos))),
        };
        Ok(self
            .evaluate(&p.text_document.uri, range, None, p.mode)
            .await?
            .0)
    }

    pub async fn kiln_interrupt(&self, _: serde_json::Value) -> Result<bool> {
        Ok(match self.inner.eval.get() {
            Some(Some(w)) => {
                w.interrupt();
                true
            }
            _ => false,
        })
    }

    pub async fn kiln_full_value(&self, p: FullValueParams) -> Result<String> {
        super::lock(&self.inner.values)
            .get(&p.id)
            .cloned()
            .ok_or_else(|| invalid(format!("no stored value {}", p.id)))
    }

    pub async fn kiln_macroexpand(&self, p: MacroexpandParams) -> Result<MacroexpandResponse> {
        let path = convert::path(&p.text_document.uri).ok_or_else(|| invalid("not a file URI"))?;
        let snap = self
            .snapshot(&path)
            .await
            .ok_or_else(|| invalid("unknown document"))?;
        let offset = convert::offset(&snap.index, self.enc(), p.position);
        let range =
            list_at(&snap, offset).ok_or_else(|| invalid("no form to expand at the position"))?;
        let f = if p.all {
            "clojure.core/macroexpand"
        } else {
            "clojure.core/macroexpand-1"
        };
        let code = format!("({f} (quote {}))", &snap.text[range]);
        let (resp, _) = self
            .evaluate(
                &p.text_document.uri,
                Some(range),
                Some(code),
                EvalMode::CurrentForm,
            )
            .await?;
        match (resp.value, resp.error) {
            (Some(v), _) => Ok(MacroexpandResponse {
                expansion: ext::format_form(&v, 80),
                range: resp.range,
            }),
            (None, Some(e)) => Err(invalid(format!("expansion failed: {}", e.message))),
            _ => Err(invalid("expansion failed")),
        }
    }

    /// Debug builds only: a request whose handler panics, to test that a panic is caught
    /// and the server keeps serving.
    #[cfg(debug_assertions)]
    pub async fn kiln_debug_panic(&self, p: SyntaxTreeParams) -> Result<String> {
        self.query(&p.text_document.uri, |_, _, _, _| -> String {
            panic!("kiln/debug/panic: deliberate panic")
        })
        .await
        .map(Option::unwrap_or_default)
    }

    pub async fn kiln_syntax_tree(&self, p: SyntaxTreeParams) -> Result<String> {
        Ok(self
            .query(&p.text_document.uri, |_, _, snap, _| {
                snap.parse.debug_tree()
            })
            .await?
            .unwrap_or_default())
    }
}

fn offset_of(snap: &Snapshot, enc: syntax::PositionEncoding, p: Position) -> TextSize {
    convert::offset(&snap.index, enc, p)
}

#[tower_lsp::async_trait]
impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let enc = convert::negotiate(
            caps.general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        let _ = self.inner.encoding.set(enc);
        let text = caps.text_document.as_ref();
        let _ = self.inner.flags.set(ClientFlags {
            progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            pull: text.and_then(|t| t.diagnostic.as_ref()).is_some(),
            watch_dynamic: caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            refresh: caps
                .workspace
                .as_ref()
                .and_then(|w| w.diagnostic.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
        });
        if let Some(opts) = &params.initialization_options {
            self.inner
                .settings
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .update(opts);
        }
        let mut folders: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| convert::path(&f.uri))
            .collect();
        #[allow(deprecated)]
        if folders.is_empty()
            && let Some(p) = params.root_uri.as_ref().and_then(convert::path)
        {
            folders.push(p);
        }
        {
            let mut w = self.write();
            for f in &folders {
                w.add_workspace(f);
            }
        }
        *super::lock(&self.inner.folders) = folders;
        let sync = TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..TextDocumentSyncOptions::default()
        };
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "kiln".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(convert::encoding_kind(enc)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(sync)),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    resolve_provider: Some(true),
                    trigger_characters: Some(vec!["/".into(), ":".into(), "\"".into()]),
                    ..CompletionOptions::default()
                }),
                signature_help_provider: Some(SignatureHelpOptions {
                    trigger_characters: Some(vec![" ".into()]),
                    retrigger_characters: None,
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                definition_provider: Some(OneOf::Left(true)),
                declaration_provider: Some(DeclarationCapability::Simple(true)),
                references_provider: Some(OneOf::Left(true)),
                document_highlight_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: semantic_tokens::legend(),
                            range: Some(true),
                            full: Some(SemanticTokensFullOptions::Delta { delta: Some(true) }),
                            work_done_progress_options: WorkDoneProgressOptions::default(),
                        },
                    ),
                ),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::REFACTOR_REWRITE,
                            CodeActionKind::SOURCE_ORGANIZE_IMPORTS,
                        ]),
                        resolve_provider: Some(false),
                        work_done_progress_options: WorkDoneProgressOptions::default(),
                    },
                )),
                document_formatting_provider: Some(OneOf::Left(true)),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(false),
                }),
                inlay_hint_provider: Some(OneOf::Left(true)),
                call_hierarchy_provider: Some(CallHierarchyServerCapability::Simple(true)),
                implementation_provider: Some(ImplementationProviderCapability::Simple(true)),
                selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
                diagnostic_provider: Some(DiagnosticServerCapabilities::Options(
                    DiagnosticOptions {
                        identifier: Some("kiln".into()),
                        inter_file_dependencies: true,
                        workspace_diagnostics: false,
                        work_done_progress_options: WorkDoneProgressOptions::default(),
                    },
                )),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..ServerCapabilities::default()
            },
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.flags().watch_dynamic {
            let opts = DidChangeWatchedFilesRegistrationOptions {
                watchers: [
                    "**/*.clj",
                    "**/*.cljc",
                    "**/*.cljw",
                    "**/deps.edn",
                    "**/.kiln/config.edn",
                ]
                .iter()
                .map(|g| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(g.to_string()),
                    kind: None,
                })
                .collect(),
            };
            let _ = self
                .inner
                .client
                .register_capability(vec![Registration {
                    id: "kiln-watch".into(),
                    method: "workspace/didChangeWatchedFiles".into(),
                    register_options: serde_json::to_value(opts).ok(),
                }])
                .await;
        }
        let errors: Vec<String> = self
            .read()
            .workspaces
            .iter()
            .filter_map(|w| w.config_error.clone())
            .collect();
        for e in errors {
            self.inner
                .client
                .show_message(MessageType::ERROR, format!("kiln: bad configuration: {e}"))
                .await;
        }
        let this = self.clone();
        tokio::spawn(async move { this.index_workspace(None).await });
    }

    async fn shutdown(&self) -> Result<()> {
        if let Some(Some(w)) = self.inner.eval.get() {
            w.interrupt();
        }
        Ok(())
    }

    async fn did_open(&self, p: DidOpenTextDocumentParams) {
        let Some(path) = convert::path(&p.text_document.uri) else {
            return;
        };
        // A file of a project outside the workspace folders: index that project too.
        let added = {
            let mut w = self.write();
            let new_project =
                if w.workspace_of(&path).is_none() && crate::project_layout::has_marker(&path) {
                    Some(w.add_workspace(&path).0)
                } else {
                    None
                };
            w.open(&path, &p.text_document.text, Some(p.text_document.version));
            new_project
        };
        if let Some(i) = added {
            let this = self.clone();
            tokio::spawn(async move { this.index_workspace(Some(i)).await });
        }
        self.schedule([path]);
    }

    async fn did_change(&self, p: DidChangeTextDocumentParams) {
        let Some(path) = convert::path(&p.text_document.uri) else {
            return;
        };
        let enc = self.enc();
        let version = p.text_document.version;
        {
            let mut w = self.write();
            for change in &p.content_changes {
                match change.range {
                    None => w.open(&path, &change.text, Some(version)),
                    Some(r) => {
                        let Some(f) = w.files.get(&path) else { break };
                        let start = convert::rope_offset(&f.rope, enc, r.start);
                        let end = convert::rope_offset(&f.rope, enc, r.end).max(start);
                        let range = TextRange::new((start as u32).into(), (end as u32).into());
                        w.edit(&path, range, &change.text, version);
                    }
                }
            }
        }
        self.schedule([path]);
    }

    async fn did_save(&self, p: DidSaveTextDocumentParams) {
        if let Some(path) = convert::path(&p.text_document.uri) {
            self.schedule([path]);
        }
    }

    async fn did_close(&self, p: DidCloseTextDocumentParams) {
        let Some(path) = convert::path(&p.text_document.uri) else {
            return;
        };
        self.write().close(&path);
        if !self.flags().pull {
            self.inner
                .client
                .publish_diagnostics(p.text_document.uri, Vec::new(), None)
                .await;
        }
    }

    async fn did_change_workspace_folders(&self, p: DidChangeWorkspaceFoldersParams) {
        let mut added = Vec::new();
        {
            let mut w = self.write();
            for f in &p.event.removed {
                let Some(root) = convert::path(&f.uri) else {
                    continue;
                };
                let root = crate::project_layout::find_root(&root);
                w.files
                    .retain(|path, file| file.version.is_some() || !path.starts_with(&root));
                for ws in w.workspaces.iter_mut().filter(|ws| ws.root == root) {
                    // Keep the slot (indices are stored in files); it no longer matches.
                    ws.root = PathBuf::from("/nonexistent/kiln-removed-workspace");
                    ws.roots.clear();
                }
            }
            for f in &p.event.added {
                if let Some(folder) = convert::path(&f.uri) {
                    let (i, new) = w.add_workspace(&folder);
                    if new {
                        added.push(i);
                    }
                }
            }
        }
        for i in added {
            let this = self.clone();
            tokio::spawn(async move { this.index_workspace(Some(i)).await });
        }
    }

    async fn did_change_watched_files(&self, p: DidChangeWatchedFilesParams) {
        let mut config_changed = false;
        let reloaded: Vec<PathBuf>;
        {
            let mut w = self.write();
            for change in &p.changes {
                let Ok(path) = change.uri.to_file_path() else {
                    continue;
                };
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if name == "deps.edn" || name == "config.edn" {
                    config_changed = true;
                    continue;
                }
                let path = std::fs::canonicalize(&path).unwrap_or(path);
                w.reload(&path);
            }
            reloaded = p
                .changes
                .iter()
                .filter_map(|c| c.uri.to_file_path().ok())
                .map(|p| std::fs::canonicalize(&p).unwrap_or(p))
                .filter(|p| w.files.get(p).is_some_and(|f| f.version.is_none()))
                .collect();
            if config_changed {
                for i in 0..w.workspaces.len() {
                    let root = w.workspaces[i].root.clone();
                    w.workspaces[i] = Workspace::load(&root);
                }
            }
        }
        if config_changed {
            let this = self.clone();
            tokio::spawn(async move { this.index_workspace(None).await });
        } else {
            // Analyse changed files now (their definitions feed other files), then re-check
            // what is open.
            for path in reloaded {
                let _ = self.snapshot(&path).await;
            }
            let open = self.read().open_files();
            self.schedule(open);
        }
    }

    async fn did_change_configuration(&self, p: DidChangeConfigurationParams) {
        self.inner
            .settings
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .update(&p.settings);
        let open = self.read().open_files();
        self.schedule(open);
    }

    async fn hover(&self, p: HoverParams) -> Result<Option<Hover>> {
        let pos = p.text_document_position_params.position;
        Ok(self
            .query(
                &p.text_document_position_params.text_document.uri,
                move |w, path, snap, enc| {
                    hover::hover(w, path, snap, offset_of(snap, enc, pos), enc)
                },
            )
            .await?
            .flatten())
    }

    async fn completion(&self, p: CompletionParams) -> Result<Option<CompletionResponse>> {
        let pos = p.text_document_position.position;
        Ok(self
            .query(
                &p.text_document_position.text_document.uri,
                move |w, path, snap, enc| {
                    CompletionResponse::List(CompletionList {
                        is_incomplete: true,
                        items: completion::completion(
                            w,
                            path,
                            snap,
                            offset_of(snap, enc, pos),
                            enc,
                        ),
                    })
                },
            )
            .await?)
    }

    async fn completion_resolve(&self, item: CompletionItem) -> Result<CompletionItem> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || completion::resolve(&this.read(), item))
            .await
            .map_err(|_| jsonrpc::Error::internal_error())
    }

    async fn signature_help(&self, p: SignatureHelpParams) -> Result<Option<SignatureHelp>> {
        let pos = p.text_document_position_params.position;
        Ok(self
            .query(
                &p.text_document_position_params.text_document.uri,
                move |w, path, snap, enc| {
                    signature::signature_help(w, path, snap, offset_of(snap, enc, pos))
                },
            )
            .await?
            .flatten())
    }

    async fn goto_definition(
        &self,
        p: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let pos = p.text_document_position_params.position;
        Ok(self
            .query(
                &p.text_document_position_params.text_document.uri,
                move |w, path, snap, enc| {
                    let locs =
                        navigation::definition(w, path, snap, offset_of(snap, enc, pos), enc);
                    (!locs.is_empty()).then_some(GotoDefinitionResponse::Array(locs))
                },
            )
            .await?
            .flatten())
    }

    async fn goto_declaration(
        &self,
        p: request::GotoDeclarationParams,
    ) -> Result<Option<request::GotoDeclarationResponse>> {
        self.goto_definition(p).await
    }

    async fn references(&self, p: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let pos = p.text_document_position.position;
        let decl = p.context.include_declaration;
        Ok(self
            .query(
                &p.text_document_position.text_document.uri,
                move |w, path, snap, enc| {
                    navigation::references(w, path, snap, offset_of(snap, enc, pos), enc, decl)
                },
            )
            .await?)
    }

    async fn document_highlight(
        &self,
        p: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let pos = p.text_document_position_params.position;
        Ok(self
            .query(
                &p.text_document_position_params.text_document.uri,
                move |w, path, snap, enc| {
                    navigation::highlight(w, path, snap, offset_of(snap, enc, pos), enc)
                },
            )
            .await?)
    }

    async fn document_symbol(
        &self,
        p: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        Ok(self
            .query(&p.text_document.uri, |_, _, snap, enc| {
                DocumentSymbolResponse::Nested(symbols::document_symbols(snap, enc))
            })
            .await?)
    }

    async fn symbol(&self, p: WorkspaceSymbolParams) -> Result<Option<Vec<SymbolInformation>>> {
        let this = self.clone();
        let enc = self.enc();
        tokio::task::spawn_blocking(move || {
            Some(symbols::workspace_symbols(&this.read(), &p.query, enc))
        })
        .await
        .map_err(|_| jsonrpc::Error::internal_error())
    }

    async fn prepare_rename(
        &self,
        p: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let pos = p.position;
        match self
            .query(&p.text_document.uri, move |w, _, snap, enc| {
                rename::prepare(w, snap, offset_of(snap, enc, pos), enc)
            })
            .await?
        {
            Some(Ok(r)) => Ok(Some(r)),
            Some(Err(msg)) => Err(invalid(msg)),
            None => Ok(None),
        }
    }

    async fn rename(&self, p: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let pos = p.text_document_position.position;
        let new_name = p.new_name.clone();
        match self
            .query(
                &p.text_document_position.text_document.uri,
                move |w, path, snap, enc| {
                    rename::rename(w, path, snap, offset_of(snap, enc, pos), enc, &new_name)
                },
            )
            .await?
        {
            Some(Ok(e)) => Ok(Some(e)),
            Some(Err(msg)) => Err(invalid(msg)),
            None => Ok(None),
        }
    }

    async fn folding_range(&self, p: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.query(&p.text_document.uri, |_, _, snap, _| {
            structure::folding(snap)
        })
        .await
    }

    async fn selection_range(
        &self,
        p: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        let positions = p.positions.clone();
        self.query(&p.text_document.uri, move |_, _, snap, enc| {
            positions
                .iter()
                .map(|pos| structure::selection(snap, offset_of(snap, enc, *pos), enc))
                .collect()
        })
        .await
    }

    async fn semantic_tokens_full(
        &self,
        p: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let uri = p.text_document.uri.clone();
        let Some(data) = self
            .query(&uri, |w, _, snap, enc| semantic_tokens::full(w, snap, enc))
            .await?
        else {
            return Ok(None);
        };
        let id = self
            .inner
            .next_value
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        super::lock(&self.inner.tokens).insert(uri, (id, data.clone()));
        Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: Some(id.to_string()),
            data,
        })))
    }

    async fn semantic_tokens_full_delta(
        &self,
        p: SemanticTokensDeltaParams,
    ) -> Result<Option<SemanticTokensFullDeltaResult>> {
        let uri = p.text_document.uri.clone();
        let Some(data) = self
            .query(&uri, |w, _, snap, enc| semantic_tokens::full(w, snap, enc))
            .await?
        else {
            return Ok(None);
        };
        let id = self
            .inner
            .next_value
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let previous = super::lock(&self.inner.tokens).insert(uri, (id, data.clone()));
        Ok(Some(match previous {
            Some((old_id, old)) if old_id.to_string() == p.previous_result_id => {
                SemanticTokensFullDeltaResult::TokensDelta(semantic_tokens::delta(
                    &old,
                    &data,
                    id.to_string(),
                ))
            }
            _ => SemanticTokensFullDeltaResult::Tokens(SemanticTokens {
                result_id: Some(id.to_string()),
                data,
            }),
        }))
    }

    async fn semantic_tokens_range(
        &self,
        p: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        let r = p.range;
        Ok(self
            .query(&p.text_document.uri, move |w, _, snap, enc| {
                let range = TextRange::new(
                    offset_of(snap, enc, r.start),
                    offset_of(snap, enc, r.end).max(offset_of(snap, enc, r.start)),
                );
                SemanticTokensRangeResult::Tokens(semantic_tokens::range(w, snap, enc, range))
            })
            .await?)
    }

    async fn code_lens(&self, p: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        self.query(&p.text_document.uri, |w, path, snap, enc| {
            code_lens::code_lens(w, path, snap, enc)
        })
        .await
    }

    async fn inlay_hint(&self, p: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        if !self.settings().parameter_hints {
            return Ok(Some(Vec::new()));
        }
        let r = p.range;
        self.query(&p.text_document.uri, move |w, _, snap, enc| {
            let range = TextRange::new(
                offset_of(snap, enc, r.start),
                offset_of(snap, enc, r.end).max(offset_of(snap, enc, r.start)),
            );
            inlay_hints::inlay_hints(w, snap, enc, range)
        })
        .await
    }

    async fn prepare_call_hierarchy(
        &self,
        p: CallHierarchyPrepareParams,
    ) -> Result<Option<Vec<CallHierarchyItem>>> {
        let pos = p.text_document_position_params.position;
        self.query(
            &p.text_document_position_params.text_document.uri,
            move |w, _, snap, enc| hierarchy::prepare(w, snap, offset_of(snap, enc, pos), enc),
        )
        .await
    }

    async fn incoming_calls(
        &self,
        p: CallHierarchyIncomingCallsParams,
    ) -> Result<Option<Vec<CallHierarchyIncomingCall>>> {
        let this = self.clone();
        let enc = self.enc();
        self.wait_indexed().await;
        tokio::task::spawn_blocking(move || Some(hierarchy::incoming(&this.read(), &p.item, enc)))
            .await
            .map_err(|_| jsonrpc::Error::internal_error())
    }

    async fn outgoing_calls(
        &self,
        p: CallHierarchyOutgoingCallsParams,
    ) -> Result<Option<Vec<CallHierarchyOutgoingCall>>> {
        let this = self.clone();
        let enc = self.enc();
        self.wait_indexed().await;
        tokio::task::spawn_blocking(move || Some(hierarchy::outgoing(&this.read(), &p.item, enc)))
            .await
            .map_err(|_| jsonrpc::Error::internal_error())
    }

    async fn goto_implementation(
        &self,
        p: request::GotoImplementationParams,
    ) -> Result<Option<request::GotoImplementationResponse>> {
        let pos = p.text_document_position_params.position;
        Ok(self
            .query(
                &p.text_document_position_params.text_document.uri,
                move |w, path, snap, enc| {
                    let locs =
                        hierarchy::implementation(w, path, snap, offset_of(snap, enc, pos), enc);
                    (!locs.is_empty()).then_some(GotoDefinitionResponse::Array(locs))
                },
            )
            .await?
            .flatten())
    }

    async fn code_action(&self, p: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let r = p.range;
        let only = p.context.only.clone();
        Ok(self
            .query(&p.text_document.uri, move |w, path, snap, enc| {
                let start = offset_of(snap, enc, r.start);
                let range = TextRange::new(start, offset_of(snap, enc, r.end).max(start));
                let mut actions = code_actions::code_actions(w, path, snap, enc, range);
                if let Some(only) = &only {
                    actions.retain(|a| match a {
                        CodeActionOrCommand::CodeAction(a) => a.kind.as_ref().is_some_and(|k| {
                            only.iter().any(|o| k.as_str().starts_with(o.as_str()))
                        }),
                        CodeActionOrCommand::Command(_) => true,
                    });
                }
                actions
            })
            .await?)
    }

    async fn formatting(&self, p: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        match self
            .query(&p.text_document.uri, |_, _, snap, enc| {
                let formatted = crate::format::format(&snap.text)?;
                if formatted == *snap.text {
                    return Some(Vec::new());
                }
                let whole = crate::analysis::project::file_range(&snap.text);
                Some(vec![TextEdit::new(
                    convert::range(&snap.index, enc, whole),
                    formatted,
                )])
            })
            .await?
        {
            Some(Some(edits)) => Ok(Some(edits)),
            Some(None) => Err(invalid("the file has syntax errors: not formatted")),
            None => Ok(None),
        }
    }

    async fn range_formatting(
        &self,
        p: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        let r = p.range;
        match self
            .query(&p.text_document.uri, move |_, _, snap, enc| {
                let start = offset_of(snap, enc, r.start);
                let range = TextRange::new(start, offset_of(snap, enc, r.end).max(start));
                let edits = crate::format::format_range(&snap.text, range)?;
                Some(
                    edits
                        .into_iter()
                        .map(|(r, text)| TextEdit::new(convert::range(&snap.index, enc, r), text))
                        .collect::<Vec<_>>(),
                )
            })
            .await?
        {
            Some(Some(edits)) => Ok(Some(edits)),
            Some(None) => Err(invalid("the file has syntax errors: not formatted")),
            None => Ok(None),
        }
    }

    async fn diagnostic(
        &self,
        p: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let lint = self.settings().lint_enabled;
        let items = self
            .query(&p.text_document.uri, move |w, path, snap, enc| {
                if lint {
                    diagnostics::diagnostics(w, path, snap, enc)
                } else {
                    Vec::new()
                }
            })
            .await?
            .unwrap_or_default();
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }
}

//! Background indexing of the workspace folders' source roots after `initialized`, with
//! `$/progress` (percentage and file count) when the client supports it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use tower_lsp::lsp_types::notification::Progress;
use tower_lsp::lsp_types::request::WorkDoneProgressCreate;
use tower_lsp::lsp_types::{
    MessageType, NumberOrString, ProgressParams, ProgressParamsValue, WorkDoneProgress,
    WorkDoneProgressBegin, WorkDoneProgressCreateParams, WorkDoneProgressEnd,
    WorkDoneProgressReport,
};

use super::Server;
use crate::analysis::project::{Project, ProjectFile};
use crate::lint::driver::{collect_files, rel_to_roots};

impl Server {
    async fn progress(&self, token: &NumberOrString, value: WorkDoneProgress) {
        self.inner
            .client
            .send_notification::<Progress>(ProgressParams {
                token: token.clone(),
                value: ProgressParamsValue::WorkDone(value),
            })
            .await;
    }

    /// Indexes every workspace folder (or only workspace `only`), then re-checks the open
    /// files.
    pub(super) async fn index_workspace(&self, only: Option<usize>) {
        let started = Instant::now();
        let token = NumberOrString::String("kiln/index".into());
        let progress = self.flags().progress
            && self
                .inner
                .client
                .send_request::<WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
                    token: token.clone(),
                })
                .await
                .is_ok();
        // Which files: every workspace's source roots, minus excluded paths.
        let jobs: Vec<(
            usize,
            PathBuf,
            Vec<PathBuf>,
            Arc<crate::lint::config::LintConfig>,
        )> = {
            let w = self.read();
            w.workspaces
                .iter()
                .enumerate()
                .filter(|(i, _)| only.is_none_or(|o| o == *i))
                .map(|(i, ws)| (i, ws.root.clone(), ws.roots.clone(), ws.config.clone()))
                .collect()
        };
        let files: Vec<(usize, Vec<PathBuf>)> = jobs
            .iter()
            .map(|(i, root, roots, config)| (*i, collect_files(root, roots, config)))
            .collect();
        let total: usize = files.iter().map(|(_, f)| f.len()).sum();
        if progress {
            self.progress(
                &token,
                WorkDoneProgress::Begin(WorkDoneProgressBegin {
                    title: "kiln: indexing".into(),
                    cancellable: Some(false),
                    message: Some(format!("0/{total} files")),
                    percentage: Some(0),
                }),
            )
            .await;
        }
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<usize>();
        let reporter = {
            let this = self.clone();
            let token = token.clone();
            tokio::spawn(async move {
                let mut last_pct = 0;
                while let Some(done) = rx.recv().await {
                    let pct = (done * 100 / total.max(1)) as u32;
                    if progress && pct != last_pct {
                        last_pct = pct;
                        this.progress(
                            &token,
                            WorkDoneProgress::Report(WorkDoneProgressReport {
                                cancellable: Some(false),
                                message: Some(format!("{done}/{total} files")),
                                percentage: Some(pct),
                            }),
                        )
                        .await;
                    }
                }
            })
        };
        let mut offset = 0;
        for (ws_index, paths) in files {
            let Some((_, root, roots, config)) = jobs.iter().find(|j| j.0 == ws_index).cloned()
            else {
                continue;
            };
            let expander = self.read().workspaces[ws_index].expander.clone();
            let tx = tx.clone();
            let base = offset;
            offset += paths.len();
            let analysed = tokio::task::spawn_blocking(move || {
                let files: Vec<ProjectFile> = paths
                    .into_iter()
                    .filter_map(|p| {
                        let text = String::from_utf8_lossy(&std::fs::read(&p).ok()?).into_owned();
                        let abs = std::fs::canonicalize(&p).unwrap_or(p);
                        Some(ProjectFile {
                            rel: rel_to_roots(&abs, &roots),
                            display: abs.display().to_string(),
                            path: abs,
                            text,
                            report: true,
                        })
                    })
                    .collect();
                let project = Project {
                    root: Some(root),
                    config: config.analysis.clone(),
                };
                let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
                let progress = move |done: usize| {
                    let _ = tx.send(base + done);
                };
                project
                    .analyze_unlinked(
                        files,
                        threads,
                        expander.as_deref().map(|e| e as _),
                        &progress,
                    )
                    .0
            })
            .await;
            match analysed {
                Ok(files) => {
                    let this = self.clone();
                    let _ = tokio::task::spawn_blocking(move || {
                        this.write().install_index(files, ws_index)
                    })
                    .await;
                }
                Err(e) => self.log_panic("indexing", &e).await,
            }
        }
        drop(tx);
        let _ = reporter.await;
        self.write().indexed = true;
        self.inner.indexed.send_replace(true);
        let message = format!(
            "kiln: indexed {total} files in {} ms",
            started.elapsed().as_millis()
        );
        if progress {
            self.progress(
                &token,
                WorkDoneProgress::End(WorkDoneProgressEnd {
                    message: Some(message.clone()),
                }),
            )
            .await;
        }
        self.inner
            .client
            .log_message(MessageType::INFO, message)
            .await;
        let open = self.read().open_files();
        if self.flags().pull {
            if self.flags().refresh {
                let _ = self.inner.client.workspace_diagnostic_refresh().await;
            }
        } else {
            self.schedule(open);
        }
    }
}

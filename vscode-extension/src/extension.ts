// The kiln extension: starts `kiln lsp` with vscode-languageclient, and adds evaluation
// with inline results, macroexpansion and the syntax tree in read-only virtual documents,
// a status bar item, and workspace-trust handling (no evaluation in untrusted folders).
import * as fs from 'fs';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';

import { evalRequest, EvalMode, fullValueRequest, interruptRequest, macroexpandRequest, syntaxTreeRequest } from './ext';
import { channelLines, EvalResponse, hoverMarkdown, inlineText } from './results';
import { resolveServer } from './serverPath';

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;
let output: vscode.OutputChannel;
let evalOutput: vscode.OutputChannel;
const virtualDocs = new Map<string, string>();
const resultDecoration = vscode.window.createTextEditorDecorationType({
  after: { margin: '0 0 0 1em', color: new vscode.ThemeColor('editorCodeLens.foreground') },
  rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
});
const errorDecoration = vscode.window.createTextEditorDecorationType({
  after: { margin: '0 0 0 1em', color: new vscode.ThemeColor('errorForeground') },
  rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
});
const results = new Map<string, { ok: vscode.DecorationOptions[]; err: vscode.DecorationOptions[] }>();

function settings() {
  const c = vscode.workspace.getConfiguration('kiln');
  return {
    serverPath: c.get<string>('server.path', ''),
    lint: { enabled: c.get<boolean>('lint.enabled', true) },
    eval: { timeoutMs: c.get<number>('eval.timeoutMs', 30000), maxValueLength: c.get<number>('eval.maxValueLength', 10000) },
    inlayHints: { parameterNames: c.get<boolean>('inlayHints.parameterNames', false) },
  };
}

function setStatus(text: string, tooltip: string) {
  status.text = text;
  status.tooltip = tooltip;
  status.show();
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const s = settings();
  const resolved = resolveServer(s.serverPath, context.extensionPath, process.platform, {
    isExecutable: (p) => {
      try {
        fs.accessSync(p, fs.constants.X_OK);
        return fs.statSync(p).isFile();
      } catch {
        return false;
      }
    },
    pathDirs: () => (process.env.PATH ?? '').split(process.platform === 'win32' ? ';' : ':').filter(Boolean),
  });
  if (!resolved.ok) {
    setStatus('$(error) kiln', resolved.message);
    output.appendLine(resolved.message + '\nTried: ' + resolved.tried.join(', '));
    const pick = await vscode.window.showErrorMessage(resolved.message, 'Open Settings');
    if (pick) {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'kiln.server.path');
    }
    return;
  }
  output.appendLine(`kiln: starting ${resolved.path} lsp (${resolved.source})`);
  const serverOptions: ServerOptions = {
    run: { command: resolved.path, args: ['lsp'], transport: TransportKind.stdio },
    debug: { command: resolved.path, args: ['lsp'], transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'clojure' },
      { scheme: 'untitled', language: 'clojure' },
    ],
    initializationOptions: { kiln: s },
    outputChannel: output,
    synchronize: { configurationSection: 'kiln' },
  };
  client = new LanguageClient('kiln', 'kiln', serverOptions, clientOptions);
  let indexed = false;
  // The server logs "kiln: indexed N files in M ms" when its first index is complete.
  client.onNotification('window/logMessage', (m: { type: number; message: string }) => {
    output.appendLine(m.message);
    const done = /indexed (\d+) files/.exec(m.message);
    if (done) {
      indexed = true;
      setStatus('$(check) kiln', `kiln: ${done[1]} files indexed — ${m.message}`);
    }
  });
  client.onDidChangeState((e) => {
    if (e.newState === State.Running && !indexed) setStatus('$(sync~spin) kiln: indexing', 'kiln language server: indexing the workspace');
    else if (e.newState === State.Running) setStatus('$(check) kiln', 'kiln language server: running');
    else if (e.newState === State.Starting) setStatus('$(sync~spin) kiln', 'kiln language server: starting');
    else setStatus('$(circle-slash) kiln', 'kiln language server: stopped');
  });
  setStatus('$(sync~spin) kiln', 'kiln language server: starting');
  await client.start();
}

function editorOrWarn(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'clojure') {
    vscode.window.showWarningMessage('kiln: open a Clojure file first.');
    return undefined;
  }
  if (!client) {
    vscode.window.showWarningMessage('kiln: the language server is not running.');
    return undefined;
  }
  return editor;
}

function showResult(editor: vscode.TextEditor, r: EvalResponse, full?: string) {
  const key = editor.document.uri.toString();
  const entry = results.get(key) ?? { ok: [], err: [] };
  const end = new vscode.Position(r.range.end.line, r.range.end.character);
  // The decoration covers the form's last character, so hovering it (or the text after it)
  // shows the whole result.
  const start = end.character > 0 ? end.translate(0, -1) : end;
  const range = new vscode.Range(start, end);
  const { text, isError } = inlineText(r);
  const md = new vscode.MarkdownString(hoverMarkdown(r, full));
  const option: vscode.DecorationOptions = { range, hoverMessage: md, renderOptions: { after: { contentText: text } } };
  entry.ok = entry.ok.filter((o) => o.range.end.line !== end.line);
  entry.err = entry.err.filter((o) => o.range.end.line !== end.line);
  (isError ? entry.err : entry.ok).push(option);
  results.set(key, entry);
  editor.setDecorations(resultDecoration, entry.ok);
  editor.setDecorations(errorDecoration, entry.err);
  vscode.commands.executeCommand('setContext', 'kiln.hasInlineResults', true);
}

async function evaluate(mode: EvalMode) {
  if (!vscode.workspace.isTrusted) {
    vscode.window.showWarningMessage('kiln: evaluation is disabled in untrusted workspaces.');
    return;
  }
  const editor = editorOrWarn();
  if (!editor || !client) return;
  const doc = editor.document;
  const params = {
    textDocument: { uri: doc.uri.toString() },
    position: client.code2ProtocolConverter.asPosition(editor.selection.active),
    range: mode === 'selection' ? client.code2ProtocolConverter.asRange(editor.selection) : undefined,
    mode,
  };
  const r = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'kiln: evaluating…', cancellable: false },
    () => client!.sendRequest(evalRequest, params),
  );
  let full: string | undefined;
  if (r.truncated != null) {
    full = await client.sendRequest(fullValueRequest, { id: r.truncated });
  }
  const code = doc.getText(new vscode.Range(r.range.start.line, r.range.start.character, r.range.end.line, r.range.end.character));
  for (const line of channelLines(code, r)) evalOutput.appendLine(line);
  showResult(editor, r, full);
}

class VirtualDocs implements vscode.TextDocumentContentProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  provideTextDocumentContent(uri: vscode.Uri): string {
    return virtualDocs.get(uri.toString()) ?? '';
  }
  update(uri: vscode.Uri) {
    this.emitter.fire(uri);
  }
}

async function showVirtual(provider: VirtualDocs, uri: vscode.Uri, text: string, language: string) {
  virtualDocs.set(uri.toString(), text);
  provider.update(uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, language);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('kiln');
  evalOutput = vscode.window.createOutputChannel('kiln eval');
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  status.command = 'kiln.restartServer';
  const provider = new VirtualDocs();
  context.subscriptions.push(
    output,
    evalOutput,
    status,
    resultDecoration,
    errorDecoration,
    vscode.workspace.registerTextDocumentContentProvider('kiln', provider),
    vscode.commands.registerCommand('kiln.evalTopLevel', () => evaluate('topLevel')),
    vscode.commands.registerCommand('kiln.evalCurrentForm', () => evaluate('currentForm')),
    vscode.commands.registerCommand('kiln.evalSelection', () => evaluate('selection')),
    vscode.commands.registerCommand('kiln.loadFile', () => evaluate('file')),
    vscode.commands.registerCommand('kiln.interrupt', async () => {
      if (client) await client.sendRequest(interruptRequest, {});
    }),
    // The reference-count code lenses' command: show the references in the peek view.
    vscode.commands.registerCommand('kiln.showReferences', async (uri: string, position: { line: number; character: number }) => {
      const u = vscode.Uri.parse(uri);
      const pos = new vscode.Position(position.line, position.character);
      const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', u, pos);
      await vscode.commands.executeCommand('editor.action.showReferences', u, pos, locations ?? []);
    }),
    vscode.commands.registerCommand('kiln.clearResults', () => {
      results.clear();
      for (const e of vscode.window.visibleTextEditors) {
        e.setDecorations(resultDecoration, []);
        e.setDecorations(errorDecoration, []);
      }
      vscode.commands.executeCommand('setContext', 'kiln.hasInlineResults', false);
    }),
    vscode.commands.registerCommand('kiln.macroexpand', async () => {
      const editor = editorOrWarn();
      if (!editor || !client) return;
      try {
        const r = await client.sendRequest(macroexpandRequest, {
          textDocument: { uri: editor.document.uri.toString() },
          position: client.code2ProtocolConverter.asPosition(editor.selection.active),
          all: false,
        });
        await showVirtual(provider, vscode.Uri.parse('kiln:/expansion.clj'), r.expansion + '\n', 'clojure');
      } catch (e) {
        vscode.window.showErrorMessage(`kiln: ${(e as Error).message}`);
      }
    }),
    vscode.commands.registerCommand('kiln.showSyntaxTree', async () => {
      const editor = editorOrWarn();
      if (!editor || !client) return;
      const tree = await client.sendRequest(syntaxTreeRequest, { textDocument: { uri: editor.document.uri.toString() } });
      await showVirtual(provider, vscode.Uri.parse('kiln:/syntax-tree.txt'), tree, 'plaintext');
    }),
    vscode.commands.registerCommand('kiln.restartServer', async () => {
      if (client) {
        output.appendLine('kiln: restarting the server');
        await client.restart();
      } else {
        await startClient(context);
      }
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      // Edited results are stale: drop those of the changed document.
      const key = e.document.uri.toString();
      if (e.contentChanges.length && results.has(key)) {
        results.delete(key);
        for (const ed of vscode.window.visibleTextEditors.filter((x) => x.document === e.document)) {
          ed.setDecorations(resultDecoration, []);
          ed.setDecorations(errorDecoration, []);
        }
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => output.appendLine('kiln: workspace trusted, evaluation enabled')),
  );
  await startClient(context);
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}

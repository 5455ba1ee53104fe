// kiln's own LSP requests, mirrored from lsp/src/server/ext.rs (docs/lsp-extensions.md).
import { RequestType } from 'vscode-languageclient/node';
import type { EvalResponse } from './results';

export type EvalMode = 'topLevel' | 'currentForm' | 'selection' | 'file';
type Position = { line: number; character: number };
type Range = { start: Position; end: Position };
type Doc = { uri: string };

export interface EvalParams {
  textDocument: Doc;
  position?: Position;
  range?: Range;
  mode: EvalMode;
}

export const evalRequest = new RequestType<EvalParams, EvalResponse, void>('kiln/eval');
export const interruptRequest = new RequestType<Record<string, never>, boolean, void>('kiln/interrupt');
export const fullValueRequest = new RequestType<{ id: number }, string, void>('kiln/fullValue');
export const macroexpandRequest = new RequestType<
  { textDocument: Doc; position: Position; all: boolean },
  { expansion: string; range: Range },
  void
>('kiln/macroexpand');
export const syntaxTreeRequest = new RequestType<{ textDocument: Doc }, string, void>('kiln/syntaxTree');

;;; kiln-test.el --- Emacs + eglot driving `kiln lsp` in batch mode  -*- lexical-binding: t -*-
;; Opens the editor fixture project's app/core.clj and checks diagnostics, hover,
;; completion, go to definition, rename and kiln/eval through eglot. Run by tests/editors.rs:
;;   KILN_BIN=… PROJECT=… OUT_FILE=… HOME=… emacs --batch -Q -l kiln-test.el
(require 'package)  ; -Q skips Debian's site-start, which registers the elpa directory
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'eglot)
(require 'json)
(require 'flymake)

(defvar kt-out (getenv "OUT_FILE"))
(defvar kt-project (file-name-as-directory (getenv "PROJECT")))
(defvar kt-kiln (getenv "KILN_BIN"))

;; Emacs 28 has no clojure-mode: a trivial one gives eglot the language id "clojure".
(define-derived-mode clojure-mode prog-mode "Clojure")
(add-to-list 'auto-mode-alist '("\\.clj\\'" . clojure-mode))
(add-to-list 'eglot-server-programs `(clojure-mode . (,kt-kiln "lsp")))
(setq eglot-sync-connect t eglot-connect-timeout 30 eglot-autoshutdown t
      eglot-events-buffer-size 0)

(defun kt-wait (pred secs)
  (let ((deadline (+ (float-time) secs)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall pred)))

(defun kt-finish (ok alist)
  (with-temp-file kt-out
    (insert (json-encode (cons (cons 'ok (if ok t :json-false)) alist))))
  (ignore-errors (eglot-shutdown (eglot-current-server)))
  (kill-emacs (if ok 0 1)))

(defun kt-goto (needle &optional delta)
  (goto-char (point-min))
  (unless (search-forward needle nil t) (error "not found: %s" needle))
  (goto-char (+ (match-beginning 0) (or delta 0))))

(defun kt-at (needle &optional delta)
  (kt-goto needle delta)
  (eglot--TextDocumentPositionParams))

(condition-case err
    (progn
      (find-file (concat kt-project "src/app/core.clj"))
      (apply #'eglot (eglot--guess-contact))
      (unless (kt-wait (lambda () (eglot-current-server)) 30) (error "no server"))
      (let ((server (eglot-current-server)))
        (unless (kt-wait (lambda () (or eglot--diagnostics (flymake-diagnostics))) 30)
          (error "timed out waiting for diagnostics"))
        (flymake-start)
        (unless (kt-wait (lambda () (flymake-diagnostics)) 30) (error "flymake got no diagnostics"))
        (let* ((diags (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))
               (hover (jsonrpc-request server :textDocument/hover (kt-at "u/greet" 3)))
               (completion (jsonrpc-request server :textDocument/completion (kt-at "u/add 1" 4)))
               (labels (mapcar (lambda (i) (plist-get i :label))
                               (append (plist-get completion :items) nil)))
               (def (aref (jsonrpc-request server :textDocument/definition (kt-at "u/greet" 4)) 0))
               (eval (jsonrpc-request server :kiln/eval
                                      (append (kt-at "(defn total" 2) '(:mode "topLevel"))))
               (edit (jsonrpc-request server :textDocument/rename
                                      (append (kt-at "(defn total" 6) '(:newName "sum-all")))))
          (eglot--apply-workspace-edit edit)
          (kt-finish t `((language_id . ,(eglot--language-id server))
                         (diagnostics . ,(vconcat diags))
                         (hover . ,(plist-get (plist-get hover :contents) :value))
                         (completion . ,(vconcat labels))
                         (definition . ((uri . ,(plist-get def :uri))
                                        (line . ,(plist-get (plist-get (plist-get def :range) :start) :line))))
                         (eval . ,(plist-get eval :value))
                         (renamed . ,(count-matches "sum-all" (point-min) (point-max))))))))
  (error (kt-finish nil `((error . ,(error-message-string err))))))

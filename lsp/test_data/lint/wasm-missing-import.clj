(ns fx.wasm-missing-import)
(def bad (wasm/load "fixtures/wasm/reentrant.wat" {:imports {"env" {}}})) ;; <-
(def good (wasm/load "fixtures/wasm/reentrant.wat" {:imports {"env" {"callback" inc}}})) ;; ok

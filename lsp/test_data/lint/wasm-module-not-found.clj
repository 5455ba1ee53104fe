(ns fx.wasm-module-not-found)
(def m (wasm/load "fixtures/wasm/ad.wat")) ;; <-
(def ok (wasm/load "fixtures/wasm/add.wat")) ;; ok

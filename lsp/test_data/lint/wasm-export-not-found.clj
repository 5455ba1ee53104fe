(ns fx.wasm-export-not-found)
(def m (wasm/load "fixtures/wasm/add.wat"))
(wasm/call m "ad" 1 2) ;; <-
(wasm/call m "add" 1 2) ;; ok

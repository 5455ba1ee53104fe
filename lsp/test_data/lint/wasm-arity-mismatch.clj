(ns fx.wasm-arity-mismatch
  (:require [cljw.wasm :as w]))
(def m (w/load "fixtures/wasm/add.wat"))
(w/call m "add" 1) ;; <-
(w/call m "add" 1 2) ;; ok

(ns fx.wasm-arg-type)
(let [m (wasm/load "fixtures/wasm/add.wat")]
  (wasm/call m "add" "1" 2) ;; <-
  (wasm/call m "add" 1 2)) ;; ok

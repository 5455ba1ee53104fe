(ns fx.macro-expansion)
(defmacro needs-io [n] (slurp "x") `(def ~n 1))
(needs-io a) ;; <-
(defmacro fine [n] `(def ~n 1))
(fine b) ;; ok
(inc b) ;; ok

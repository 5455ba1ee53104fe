(ns fx.duplicate-set-key)
(def colors #{:red :green :red}) ;; <-
(def ok #{1 1.0 "1"}) ;; ok

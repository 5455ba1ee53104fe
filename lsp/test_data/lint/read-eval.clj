(ns fx.read-eval)
(def start #=(+ 1 2)) ;; <-
(def ok (+ 1 2)) ;; ok

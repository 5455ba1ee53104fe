(ns fx.not-a-function)
(def primes (2 3 5 7)) ;; <-
(def ok (:a {:a 1})) ;; ok
("nope" 1) ;; <-

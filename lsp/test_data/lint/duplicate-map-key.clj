(ns fx.duplicate-map-key)
(def m {:name "a" :id 1 :name "b"}) ;; <-
(def ok {:a 1 "a" 2 'a 3}) ;; ok

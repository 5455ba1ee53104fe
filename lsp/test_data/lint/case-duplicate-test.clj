(ns fx.case-duplicate-test)
(defn op [k a b]
  (case k
    :add (+ a b)
    :sub (- a b)
    (:mul :add) (* a b) ;; <-
    0))
(defn ok [k] (case k (a b) 1 c 2 3)) ;; ok

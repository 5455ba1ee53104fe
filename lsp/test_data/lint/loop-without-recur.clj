(ns fx.loop-without-recur)
(defn f [coll] (loop [xs coll acc 0] (if (seq xs) (+ acc (first xs)) acc))) ;; <-
(defn g [coll] (loop [xs coll acc 0] (if (seq xs) (recur (rest xs) (+ acc (first xs))) acc))) ;; ok

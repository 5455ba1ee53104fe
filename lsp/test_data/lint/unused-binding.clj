(ns fx.unused-binding)
(defn f [x y] ;; <-
  (let [a 1 ;; <-
        b 2]
    (+ x b)))
(defn g [_ignored {:keys [used unused]}] used) ;; <-
(defn h [x] (for [i (range x) :let [j (* i 2)]] j)) ;; ok
(defn k [xs] (loop [[y & ys] xs acc 0] (if y (recur ys (+ acc y)) acc))) ;; ok
#?(:clj (defn r [only-clj] only-clj) :cljs (defn r [x] x)) ;; ok

(ns fx.unexpected-recur)
(defn f [n]
  (loop [i n]
    (when (pos? i)
      (inc (recur (dec i)))))) ;; <-
(defn g [n] (if (pos? n) (recur (dec n)) n)) ;; ok
(defn h [n] (cond (neg? n) 0 (pos? n) (recur (dec n)) :else n)) ;; ok
(defn k [xs] (loop [xs xs] (when-let [[x & more] (seq xs)] (println x) (recur more)))) ;; ok

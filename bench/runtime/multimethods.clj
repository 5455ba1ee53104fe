;; Multimethod dispatch: 1,000,000 calls on a keyword dispatch value.
(defmulti speak :kind)
(defmethod speak :dog [_] 1)
(defmethod speak :cat [_] 2)
(defmethod speak :default [_] 0)
(def animals [{:kind :dog} {:kind :cat} {:kind :cow}])
(println (loop [i 0 acc 0] (if (< i 1000000) (recur (inc i) (+ acc (speak (nth animals (mod i 3))))) acc)))

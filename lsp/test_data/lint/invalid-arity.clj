(ns fx.invalid-arity)
(defn area [w h] (* w h))
(area 3) ;; <-
(area 3 4) ;; ok
(defn multi ([a] a) ([a b & more] (apply + a b more)))
(multi 1 2 3 4) ;; ok
(multi) ;; <-
(map) ;; <-
(assoc {} :a) ;; <-
(-> {} (assoc :a 1)) ;; ok
(-> {} (assoc :a)) ;; <-
(->> [1 2] (map inc)) ;; ok
(let [x (atom 0)] (swap! x inc)) ;; ok
(defrecord Point [x y])
(->Point 1) ;; <-

(ns fx.redundant-let)
(defn f [x] (let [a (inc x)] (let [b (inc a)] (* a b)))) ;; <-
(defn g [x] (let [a (inc x) b (inc a)] (println a) (let [c b] c))) ;; ok

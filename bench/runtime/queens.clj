;; The 8-queens problem: count every solution by backtracking over vectors.
(defn safe? [qs col]
  (let [row (count qs)]
    (loop [r 0]
      (if (< r row)
        (let [c (nth qs r)]
          (if (or (= c col) (= (- row r) (Math/abs (- col c)))) false (recur (inc r))))
        true))))
(defn solutions [n qs]
  (if (= (count qs) n)
    1
    (reduce + 0 (map (fn [col] (if (safe? qs col) (solutions n (conj qs col)) 0)) (range n)))))
(println (solutions 8 []))

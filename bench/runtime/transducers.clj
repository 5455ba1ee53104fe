;; A transducer pipeline over 1,000,000 numbers.
(def xf (comp (map inc) (filter even?) (map #(* % %)) (remove #(zero? (mod % 3)))))
(println (transduce xf (completing (fn [acc x] (mod (+ acc x) 1000000007))) 0 (range 1000000)))

;; Nested update-in, 100,000 times.
(println (loop [i 0 m {:a {:b {:c 0}} :x 1}] (if (< i 100000) (recur (inc i) (update-in m [:a :b :c] inc)) (get-in m [:a :b :c]))))

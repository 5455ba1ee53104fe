;; Sieve of Eratosthenes: the primes below 1,000,000 (a transient vector of flags).
(defn sieve [n]
  (loop [i 2 flags (transient (vec (repeat n true))) count 0]
    (if (< i n)
      (if (nth flags i)
        (recur (inc i)
               (loop [j (* i i) f flags] (if (< j n) (recur (+ j i) (assoc! f j false)) f))
               (inc count))
        (recur (inc i) flags count))
      count)))
(println (sieve 1000000))

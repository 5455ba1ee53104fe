(println (count (loop [i 0 s ""] (if (< i 20000) (recur (inc i) (str s "x")) s))))

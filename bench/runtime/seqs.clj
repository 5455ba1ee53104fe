(println (reduce + (filter odd? (map inc (range 1000000)))))

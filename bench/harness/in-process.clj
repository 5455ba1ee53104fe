;; In-process timing of one bench/runtime workload, run the same way by kiln and JVM Clojure:
;; every form but the last (the definitions) is evaluated once, then the last form (the
;; workload's `(println …)`) is evaluated 5 times to warm up and 5 times timed, output
;; discarded. Prints the best timed run in milliseconds.
;; Usage: kiln run bench/harness/in-process.clj FILE
;;        java -cp /usr/share/java/clojure.jar clojure.main bench/harness/in-process.clj FILE
(let [file (first *command-line-args*)
      forms (read-string (str "[" (slurp file) "\n]"))
      main (peek forms)]
  (doseq [f (pop forms)] (eval f))
  (let [run (fn [] (with-out-str (eval main)))
        time-ms (fn [] (let [t (System/nanoTime)] (run) (/ (- (System/nanoTime) t) 1e6)))]
    (dotimes [_ 5] (run))
    (println (format "%.1f" (apply min (mapv (fn [_] (time-ms)) (range 5)))))))

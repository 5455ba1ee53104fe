(def m (wasm/load "fixtures/wasm/add.wat"))
(def add (wasm/fn m "add"))
(defn alone [n] (loop [i 0] (when (< i n) (+ i i) (recur (inc i)))))
(defn identical [n] (loop [i 0] (when (< i n) (identical? m "add") (recur (inc i)))))
(defn module-p [n] (loop [i 0] (when (< i n) (wasm/module? m) (recur (inc i)))))
(defn calls [n] (loop [i 0] (when (< i n) (wasm/call m "add" i i) (recur (inc i)))))
(defn fn-calls [n] (loop [i 0] (when (< i n) (add i i) (recur (inc i)))))
(doseq [[label f] [["loop alone" alone] ["identical?" identical] ["wasm/module?" module-p]
                   ["wasm/call" calls] ["wasm/fn" fn-calls]]]
  (println label)
  (dotimes [_ 3] (time (f 1000000))))

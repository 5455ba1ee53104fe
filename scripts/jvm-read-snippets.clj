;; For each line of standard input (an EDN string holding a snippet of source), reads the
;; snippet to the end with JVM Clojure's reader and prints `ok` or `error<TAB>message`, one
;; line per snippet, in order. Reading only: *read-eval* is off, unknown tags become
;; tagged-literal values, and ::alias/k resolves any alias (as after the file's ns form).
(require '[clojure.edn :as edn])
(load-file (str (.getParent (java.io.File. ^String *file*)) "/jvm-resolver.clj"))
(import '[clojure.lang LineNumberingPushbackReader])

(defn read-all [^String s]
  (let [r (LineNumberingPushbackReader. (java.io.StringReader. s))]
    (binding [*read-eval* false
              *default-data-reader-fn* tagged-literal
              *reader-resolver* resolver]
      (loop []
        (when-not (identical? ::eof (read {:eof ::eof :read-cond :allow :features #{:clj}} r))
          (recur))))))

(doseq [line (line-seq (java.io.BufferedReader. *in*))]
  (let [s (edn/read-string line)]
    (println
     (try (read-all s) "ok"
          (catch Throwable e
            (let [root (loop [e e] (if-let [c (.getCause e)] (recur c) e))]
              (str "error\t" (.replace (str (.getMessage ^Throwable root)) "\n" " "))))))))

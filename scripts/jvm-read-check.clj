;; Reads every file named on standard input (one path per line) with JVM Clojure's reader and
;; prints one line per file that the reader rejects: `path<TAB>message`. Used to regenerate
;; fixtures/corpus/jvm-rejects.tsv (see scripts/regen-jvm-rejects.sh).
;;
;; Reading only, never evaluating: *read-eval* is false, unknown tags become tagged-literal
;; values, and auto-resolved keywords (::alias/k) resolve through a resolver that accepts any
;; alias, as it would after the file's own ns form had been evaluated.
(load-file (str (.getParent (java.io.File. ^String *file*)) "/jvm-resolver.clj"))
(import '[clojure.lang LineNumberingPushbackReader])

(defn features [path]
  (cond (.endsWith ^String path ".cljs") #{:cljs}
        :else #{:clj}))

(defn read-all [path]
  (with-open [r (LineNumberingPushbackReader. (java.io.FileReader. ^String path))]
    (binding [*read-eval* false
              *default-data-reader-fn* tagged-literal
              *reader-resolver* resolver]
      (let [opts {:eof ::eof :read-cond :allow :features (features path)}]
        (loop []
          (when-not (identical? ::eof (read opts r))
            (recur)))))))

(doseq [path (line-seq (java.io.BufferedReader. *in*))]
  (try
    (read-all path)
    (catch Throwable e
      (let [msg (loop [e e] (if (and (.getCause e) (not= e (.getCause e))) (recur (.getCause e)) e))]
        (println (str path "\t" (.replace (str (.getMessage ^Throwable msg)) "\n" " ")))))))

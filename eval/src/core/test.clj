(ns clojure.test
  "A unit testing framework: deftest, is (with thrown? and thrown-with-msg?), are, testing,
  fixtures, run-tests. Failures report the expected form, the actual value, and file:line."
  (:require [clojure.template :as temp]
            [clojure.string :as str]))

(def ^:dynamic *report-counters* nil)
(def ^:dynamic *testing-vars* (list))
(def ^:dynamic *testing-contexts* (list))
(def ^:dynamic *load-tests* true)
(def ^:dynamic *stack-trace-depth* nil)

(defonce -fixtures (atom {}))

(defn inc-report-counter
  "Increments the named counter in *report-counters*, a ref to a map."
  [name]
  (when *report-counters*
    (swap! *report-counters* update name (fnil inc 0))))

(defn testing-vars-str
  "Returns a string representation of the current test: the test var names and the
  file:line of the report."
  [m]
  (let [{:keys [file line]} m]
    (str (reverse (map (fn [v] (:name (meta v))) *testing-vars*))
         " (" (or file "NO_SOURCE_FILE") ":" line ")")))

(defn testing-contexts-str
  "Returns a string representation of the current test context: the nested `testing`
  strings, outermost first."
  []
  (apply str (interpose " " (reverse *testing-contexts*))))

(defmulti report
  "Generic reporting function, may be overridden to plug in different report formats.
  Dispatches on :type (:pass :fail :error :begin-test-ns :end-test-ns :summary …)."
  :type)

(defn do-report
  "Adds the file and line of the running test when m has none, then calls report."
  [m]
  (report (merge {:file (:file (meta (first *testing-vars*)))} m)))

(defmethod report :default [m] (prn m))

(defmethod report :pass [m] (inc-report-counter :pass))

(defmethod report :fail [m]
  (inc-report-counter :fail)
  (println "\nFAIL in" (testing-vars-str m))
  (when (seq *testing-contexts*) (println (testing-contexts-str)))
  (when-let [message (:message m)] (println message))
  (println "expected:" (pr-str (:expected m)))
  (println "  actual:" (pr-str (:actual m))))

(defmethod report :error [m]
  (inc-report-counter :error)
  (println "\nERROR in" (testing-vars-str m))
  (when (seq *testing-contexts*) (println (testing-contexts-str)))
  (when-let [message (:message m)] (println message))
  (println "expected:" (pr-str (:expected m)))
  (let [actual (:actual m)]
    (if (instance? Throwable actual)
      (println "  actual:" (str (-class-key (class actual)) ": " (ex-message actual)))
      (println "  actual:" (pr-str actual)))))

(defmethod report :summary [m]
  (println "\nRan" (:test m) "tests containing"
           (+ (:pass m 0) (:fail m 0) (:error m 0)) "assertions.")
  (println (:fail m 0) "failures," (:error m 0) "errors."))

(defmethod report :begin-test-ns [m] (println "\nTesting" (ns-name (:ns m))))
(defmethod report :end-test-ns [m])
(defmethod report :begin-test-var [m])
(defmethod report :end-test-var [m])

(defn -function-form? [form]
  (and (seq? form) (symbol? (first form))
       (let [v (resolve (first form))]
         (and (var? v) (not (:macro (meta v))) (fn? (var-get v))))))

(defn -assert-expr
  "The code that checks `form` and reports the result, with msg and line."
  [msg form line]
  (cond
    (and (seq? form) (= 'thrown? (first form)))
    (let [[_ klass & body] form]
      `(try ~@body
            (do-report {:type :fail :message ~msg :expected '~form :actual nil :line ~line})
            (catch ~klass e#
              (do-report {:type :pass :message ~msg :expected '~form :actual e# :line ~line})
              e#)))

    (and (seq? form) (= 'thrown-with-msg? (first form)))
    (let [[_ klass re & body] form]
      `(try ~@body
            (do-report {:type :fail :message ~msg :expected '~form :actual nil :line ~line})
            (catch ~klass e#
              (if (re-find ~re (str (ex-message e#)))
                (do-report {:type :pass :message ~msg :expected '~form :actual e# :line ~line})
                (do-report {:type :fail :message ~msg :expected '~form :actual e# :line ~line}))
              e#)))

    (-function-form? form)
    `(let [values# (list ~@(rest form))
           result# (apply ~(first form) values#)]
       (if result#
         (do-report {:type :pass :message ~msg :expected '~form
                     :actual (cons '~(first form) values#) :line ~line})
         (do-report {:type :fail :message ~msg :expected '~form
                     :actual (list '~'not (cons '~(first form) values#)) :line ~line}))
       result#)

    :else
    `(let [value# ~form]
       (if value#
         (do-report {:type :pass :message ~msg :expected '~form :actual value# :line ~line})
         (do-report {:type :fail :message ~msg :expected '~form :actual value# :line ~line}))
       value#)))

(defmacro is
  "Generic assertion macro. (is form) or (is form msg): reports a pass when form is
  logical true, else a failure with the expected form and the actual value; an exception
  thrown by form is an error. Special forms: (is (thrown? Class body…)) and
  (is (thrown-with-msg? Class #\"re\" body…))."
  ([form] `(is ~form nil))
  ([form msg]
   (let [line (:line (meta &form))]
     `(try ~(-assert-expr msg form line)
           (catch Throwable t#
             (do-report {:type :error :message ~msg :expected '~form :actual t#
                         :line ~line}))))))

(defmacro are
  "Checks multiple assertions with a template expression:
  (are [x y] (= x y) 2 (+ 1 1) 4 (* 2 2))."
  [argv expr & args]
  (if (or (and (empty? argv) (empty? args))
          (and (pos? (count argv)) (pos? (count args)) (zero? (mod (count args) (count argv)))))
    (let [line (:line (meta &form))]
      `(temp/do-template ~argv (is ~(vary-meta expr assoc :line line)) ~@args))
    (throw (IllegalArgumentException. "The number of args doesn't match are's argv."))))

(defmacro testing
  "Adds a new string to the list of testing contexts. May be nested, but must occur inside
  a test function (deftest)."
  [string & body]
  `(binding [*testing-contexts* (conj *testing-contexts* ~string)]
     ~@body))

(defmacro deftest
  "Defines a test function with no arguments. The var gets :test metadata, so run-tests
  finds it; calling it runs the test."
  [name & body]
  (let [line (:line (meta &form))]
    `(do
       (defn ~name [] (test-var (var ~name)))
       (alter-meta! (var ~name) assoc :test (fn [] ~@body) :name '~name :line ~line :file *file*)
       (var ~name))))

(defmacro deftest-
  "Like deftest but creates a private var."
  [name & body]
  `(deftest ~(vary-meta name assoc :private true) ~@body))

(defn test-var
  "If v has a function in its :test metadata, calls that function, reporting an exception
  it throws as an error."
  [v]
  (when-let [f (:test (meta v))]
   (binding [*testing-vars* (conj *testing-vars* v)]
    (do-report {:type :begin-test-var :var v})
    (inc-report-counter :test)
    (try (f)
         (catch Throwable e
           (do-report {:type :error :message "Uncaught exception, not in assertion."
                       :expected nil :actual e :line (:line (meta v))})))
    (do-report {:type :end-test-var :var v})
    nil)))

(defn use-fixtures
  "Wrap test runs in a fixture function to perform setup and teardown. :each fixtures run
  around every test, :once fixtures around the whole namespace."
  [fixture-type & args]
  (swap! -fixtures assoc-in [(ns-name *ns*) fixture-type] (vec args)))

(defn join-fixtures
  "Composes a collection of fixtures, in order. Always returns a valid fixture function,
  even if the collection is empty."
  [fixtures]
  (reduce (fn [f1 f2] (fn [g] (f1 (fn [] (f2 g))))) (fn [g] (g)) fixtures))

(defn -ns-tests [ns]
  (->> (vals (ns-interns ns))
       (filter (fn [v] (:test (meta v))))
       (sort-by (fn [v] (or (:line (meta v)) 0)))))

(defn test-vars
  "Groups vars by their namespace and runs test-var on them with appropriate fixtures."
  [vars]
  (doseq [v vars]
    (let [fx (get @-fixtures (symbol (:ns (meta v) (str (namespace (symbol (str v)))))))]
      ((join-fixtures (:each fx)) (fn [] (test-var v))))))

(defn test-ns
  "Runs all tests in the given namespace; prints results. Returns a map of counts:
  {:test :pass :fail :error}."
  [ns]
  (let [ns (the-ns ns)
        counters (atom {:test 0 :pass 0 :fail 0 :error 0})
        fx (get @-fixtures (ns-name ns))]
    (binding [*report-counters* counters]
      (do-report {:type :begin-test-ns :ns ns})
      ((join-fixtures (:once fx))
       (fn []
         (doseq [v (-ns-tests ns)]
           ((join-fixtures (:each fx)) (fn [] (test-var v))))))
      (do-report {:type :end-test-ns :ns ns}))
    @counters))

(defn run-tests
  "Runs all tests in the given namespaces (default: the current one); prints results.
  Returns a map summarizing test results."
  ([] (run-tests *ns*))
  ([& namespaces]
   (let [summary (assoc (apply merge-with + (map test-ns namespaces)) :type :summary)]
     (do-report summary)
     summary)))

(defn run-all-tests
  "Runs all tests in all namespaces whose name matches re (default: all)."
  ([] (apply run-tests (all-ns)))
  ([re] (apply run-tests (filter (fn [ns] (re-matches re (name (ns-name ns)))) (all-ns)))))

(defn successful?
  "Returns true if the given test summary indicates all tests were successful."
  [summary]
  (and (zero? (:fail summary 0)) (zero? (:error summary 0))))

(defmacro with-test
  "Takes any definition form (that returns a Var) as the first argument. The remaining body
  goes in the :test metadata function for that Var."
  [definition & body]
  `(let [v# ~definition]
     (alter-meta! v# assoc :test (fn [] ~@body))
     v#))

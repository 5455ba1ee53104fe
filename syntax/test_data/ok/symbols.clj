ns/name / clojure.core// .. .method Class. a.b/c + -> foo# a'b nil true false

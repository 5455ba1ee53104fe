#?[:clj 1]
(ok)

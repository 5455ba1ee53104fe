(let [a 1) a)
(ok)

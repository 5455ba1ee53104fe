; a comment
, ,,	(a,b)  ; trailing

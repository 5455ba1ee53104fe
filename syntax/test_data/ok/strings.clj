"plain" "esc \" \\ \n \t \u00e9 \101" "multi
line"

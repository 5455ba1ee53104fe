\a \newline \space \tab \u00e9 \o12 \( \) \\ \" \é

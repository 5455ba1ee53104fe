[\abc \u00 \o400]

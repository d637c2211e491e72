"""The password every test account shares (long enough for any password rule)."""

PASSWORD = "correct horse battery"

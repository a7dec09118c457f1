"""Learning across reviews, in plain Python: the themes a recommendation's text suggests, and
the earlier recommendations that ask for the same thing. No Django import here."""

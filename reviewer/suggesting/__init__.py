"""Claims suggested as a text is read: each sentence's likely tags, its causal strength, and
why it may be a caveat. Rules written from the causal-language literature, sharpened by the
team's own accepts and rejects; nothing leaves the machine."""

"""One router per domain; each endpoint translates HTTP into one selector or service call and back."""

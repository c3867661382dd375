"""The committee's view of its branches' 报送包: read-only, from packages only (never branch files)."""

"""Ctrl+P finds a command by its title and by the words a secretary would type for it."""

from __future__ import annotations

from textual.command import Hit, Hits
from textual.system_commands import SystemCommandsProvider

# A match on the words alone ranks below a match on the title.
WORDS_WEIGHT = 0.8


class WordsCommandsProvider(SystemCommandsProvider):
    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            score = matcher.match(title)
            if score <= 0 and query.strip() and query.strip() in help_text:
                score = WORDS_WEIGHT
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)

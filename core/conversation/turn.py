"""One turn of the conversation: the working state handlers read and change."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.conversation import inputs
from core.conversation.commands import clean
from core.conversation.context import Context
from core.conversation.memory import Memory
from core.conversation.replies import Choice, Effect, Reply, Say
from core.conversation.states import State


@dataclass
class Turn:
    state: State
    mem: Memory
    ctx: Context
    event: inputs.Input
    command: str | None = None
    replies: list[Reply] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    replay: list[inputs.Input] = field(default_factory=list)  # applied after this input

    @property
    def text(self) -> str | None:
        """The typed text, unless it was a button label (then `command` is set)."""
        if isinstance(self.event, inputs.Text) and self.command is None:
            return clean(self.event.text)
        return None

    def say(self, text: str, *choices: Choice) -> None:
        """Add a text reply."""
        self.replies.append(Say(text, tuple(choices)))

    def do(self, effect: Effect) -> None:
        """Ask the service to do something in this unit of work."""
        self.effects.append(effect)

    def go(self, state: State, *, prompt: bool = True) -> None:
        """Move to a state and (by default) say what it asks for."""
        from core.conversation.prompts import prompt_for

        self.state = state
        if prompt:
            self.replies.extend(prompt_for(state, self.mem, self.ctx))

    def reprompt(self, lead: str | None = None) -> None:
        """Say `lead` (if any) and ask again for what the current state needs."""
        from core.conversation.prompts import prompt_for

        replies = prompt_for(self.state, self.mem, self.ctx)
        if lead and replies and isinstance(replies[0], Say):
            replies[0] = Say(f"{lead}\n\n{replies[0].text}", replies[0].choices)
        elif lead:
            replies.insert(0, Say(lead))
        self.replies.extend(replies)

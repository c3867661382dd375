"""The App: one mode per area, the global keys, and the command palette. Stays small."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from textual import events
from textual._context import active_app
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import ModalScreen, Screen
from textual.widgets import Input

from tui.area_prep import AreaPreparer, new_area_screen
from tui.areas import AREAS, START_MODE, area
from tui.crash_log import crash_message, write_crash_log
from tui.idle_gc import IdleCollector
from tui.screens.file_check import start_file_check
from tui.keymap import ascii_key
from tui.type_ahead import TypeAhead
from tui.palette_words import words_for


# Seconds after the first screen is drawn before the file's check and the day's backup start.
BACKGROUND_AFTER = 0.3


def _takes_text(widget) -> bool:
    if isinstance(widget, Input):
        return True
    # TextArea is imported only by the screens that use it; none loaded means none focused.
    text_area = sys.modules.get("textual.widgets._text_area")
    return text_area is not None and isinstance(widget, text_area.TextArea)


def _typed(event: events.Key) -> bool:
    """A character or a correction typed (not Enter, Esc, ↓ or F4): what a search box gets key after key."""
    return event.is_printable or event.key in ("backspace", "delete")


def _help(binding: Binding, mode: str) -> str:
    words = words_for(mode, binding.action)
    text = binding.tooltip or binding.description
    return f"{text}　（也可搜：{words}）" if words else text


def _area_screen(area) -> Screen:
    """An area's screen at its first opening (unless prepared while the home was idle)."""
    app = active_app.get()
    return app.preparer.take(area.mode) or new_area_screen(app, area)


def _words_provider():
    from tui.palette import WordsCommandsProvider

    return WordsCommandsProvider


def _is_search_box(widget) -> bool:
    from tui.widgets.search_box import SearchBox  # (loaded by the areas that have one)

    return isinstance(widget, SearchBox)


class ZhibuApp(App):
    TITLE = "支部工作台"
    CSS_PATH = Path(__file__).with_name("app.tcss")
    MODES = {a.mode: partial(_area_screen, a) for a in AREAS}
    COMMANDS = {_words_provider}   # (a callable: the palette's code loads when it first opens)
    PREPARE_AFTER: float | None = 0.3  # seconds after the first screen: the areas are prepared (None: never)
    NOTIFICATION_TIMEOUT = 3  # "已保存…" is read at a glance; warnings pass their own, longer timeouts
    BINDINGS = [
        Binding("f1", "help", "帮助", id="help", tooltip="列出全部快捷键"),
        Binding("ctrl+p", "command_palette", "命令", id="palette", priority=True, tooltip="搜索并执行任何操作"),
        Binding("ctrl+q", "quit", "退出", id="quit", priority=True),
        *[
            Binding(a.key, f"switch_area('{a.mode}')", a.label, id=f"area-{a.mode}", show=False, tooltip=a.help)
            for a in AREAS
        ],
    ]

    def __init__(self, db, db_path: Path, *, demo: bool = False) -> None:
        from tui.store.branch import is_set_up

        # The first area is the app's default screen (Textual's hook for starting on a screen of
        # one's own: no empty screen first, and no second pass over all the CSS, which a mode's
        # first screen costs). It joins the modes once the app is up (on_mount).
        self.DEFAULT_MODE = START_MODE if is_set_up(db) else "branch"
        self.MODES = {m: f for m, f in type(self).MODES.items() if m != self.DEFAULT_MODE}
        super().__init__()
        del self.MODES
        self.db = db
        self.db_path = db_path
        self.demo = demo
        self.type_ahead = TypeAhead(self)
        self.preparer = AreaPreparer(self)
        self.idle_gc = IdleCollector()  # no old-generation collection while she types a search
        # Work that must not hold up the first screen (the day's backup): each runs in a thread
        # once the screen is up and returns what to tell the secretary.
        self.after_start: list[Callable[[], list[str]]] = []
        self.branch_title = ""
        self.refresh_branch_title()

    def refresh_branch_title(self) -> None:
        from tui.store.branch import get_branch

        name = get_branch(self.db).name or "（未设置支部）"
        self.branch_title = name + ("  [演示数据]" if self.demo else "")
        self.title = f"支部工作台 · {name}"

    def get_default_screen(self) -> Screen:
        return self.MODES[self.DEFAULT_MODE]()

    def has_area(self, mode: str) -> bool:
        return mode in self.MODES

    def on_mount(self) -> None:
        self.add_mode(self.DEFAULT_MODE, self.MODES[self.DEFAULT_MODE])
        self.call_after_refresh(self._started)
        if self.current_mode == "branch":
            self.notify("欢迎使用支部工作台。先按 E 填写支部信息，再按 F3 录入或导入党员。", timeout=10)
        if self.db.execute("SELECT 1 FROM meeting_drafts LIMIT 1").fetchone():
            from tui.screens.meetings_dialogs import offer_drafts  # minutes left unsaved by a crash

            self.call_after_refresh(offer_drafts, self)

    def _started(self) -> None:
        # The file's check, the day's backup and the collector wait until the home has settled
        # (its first repaints done), so that the first screen does not share the machine with them.
        start_file_check(self, after=BACKGROUND_AFTER)  # saves wait for it; a damaged file takes none
        self.set_timer(BACKGROUND_AFTER, self._after_start_jobs)
        if self.PREPARE_AFTER is not None and self.DEFAULT_MODE == START_MODE:
            self.set_timer(self.PREPARE_AFTER, self.preparer.start)   # while the secretary reads the home

    def _after_start_jobs(self) -> None:
        if not gc.isenabled():  # turned off for the start-up by tui.__main__
            gc.freeze()         # what start-up made lives on: later collections skip it
            gc.enable()
        self.idle_gc.start(self)
        for job in self.after_start:
            self.run_worker(partial(self._after_start_job, job), thread=True, group="after-start")

    def _after_start_job(self, job: Callable[[], list[str]]) -> None:
        for notice in job():
            try:
                self.call_from_thread(self.notify, notice, severity="warning", timeout=20)
            except RuntimeError:  # the app closed meanwhile: nobody left to tell
                return

    def _fatal_error(self) -> None:
        """An exception no screen handled. Textual's own report prints the traceback with local
        variables (members' names, attendance, minutes) to the terminal: instead, the traceback
        goes to an owner-only log in the data folder and the terminal gets a Chinese message.
        (Textual's private hook, called from _handle_exception with the exception current;
        Textual is pinned, and tests/test_crash_report.py proves the hook is still called.)"""
        exc_type, exc, tb = sys.exc_info()
        self.idle_gc.stop()  # CPython's own collections back, whatever the app's end
        self.bell()
        self._exit_renderables.append(crash_message(write_crash_log(exc_type, exc, tb), exc))
        self._close_messages_no_wait()

    def on_unmount(self) -> None:
        self.idle_gc.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if _typed(event) and _is_search_box(self.focused):
                self.idle_gc.typed()
            else:
                self.idle_gc.other_key()
        if isinstance(event, events.Key) and self.type_ahead.hold(event):
            return  # typed ahead: it comes again when the key before it is done
        arriving = isinstance(event, events.Key) and not event.is_forwarded
        # Ctrl+A selects all in a text box, as everywhere on Windows (Textual's Input and
        # TextArea take it for "line start", which Home also does).
        if isinstance(event, events.Key) and event.key == "ctrl+a" and _takes_text(self.focused):
            self.focused.select_all()
            event.stop()
            return
        # CapsLock and the Chinese IME's punctuation (【 】 、) mean the plain key outside a text box.
        if isinstance(event, events.Key) and not event.is_forwarded and not _takes_text(self.focused):
            mapped = ascii_key(event.key, event.character, self._is_bound)
            if mapped is not None:
                event = events.Key(*mapped)
        await super().on_event(event)
        if arriving:
            self.type_ahead.sent(event)

    def _is_bound(self, key: str) -> bool:
        return any(key in bindings.key_to_bindings for _, bindings in self.screen._binding_chain)

    def action_switch_area(self, mode: str) -> None:
        if self.current_mode != mode:
            self.drop_area_toasts()
            self.switch_mode(mode)

    async def _run_in_area(self, mode: str, action: str) -> None:
        if self.current_mode != mode:
            self.drop_area_toasts()
            await self.switch_mode(mode)
        self.call_after_refresh(self.screen.run_action, action)

    def push_screen(self, screen, *args, **kwargs):
        # A dialog opening means the "已保存…/导出完成…" just shown has been seen: it would lie
        # over the dialog's title and first fields (at 80×24, over half of them).
        if isinstance(screen, ModalScreen):
            self.drop_area_toasts()
        return super().push_screen(screen, *args, **kwargs)

    def drop_area_toasts(self) -> None:
        """An area's "已保存…" belongs to it: leaving the area takes it away. Warnings and errors
        (a backup that failed, a file that could not be written) stay their time."""
        for notification in list(self._notifications):
            if notification.severity == "information":
                self._unnotify(notification, refresh=False)
        self._refresh_notifications()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_command_palette(self) -> None:
        if not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder="搜索命令，如「党员」「导入」「新建」…", id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from importlib import import_module

        from tui.screens.help import key_label, screen_bindings

        current = area(self.current_mode).label if self.has_area(self.current_mode) else ""
        mode = getattr(screen, "AREA", "")
        for binding in screen_bindings(type(screen)):
            label = f"{current}：{binding.description}" if current else binding.description
            yield SystemCommand(
                f"{label}（{key_label(binding)}）",
                _help(binding, mode),
                lambda action=binding.action, s=screen: self.call_later(s.run_action, action),
            )
        for a in AREAS:
            yield SystemCommand(f"切换：{a.label}（{a.key.upper()}）", a.help, lambda m=a.mode: self.action_switch_area(m))
        if not getattr(screen, "AREA", ""):  # a dialog is open: its own keys and the areas only
            return
        for a in AREAS:  # every other area's actions too: "导入" finds 党员：导入花名册 from anywhere
            if a.mode == self.current_mode:
                continue
            module, cls = a.screen.split(":")
            for binding in screen_bindings(getattr(import_module(module), cls)):
                yield SystemCommand(
                    f"{a.label}：{binding.description}（{a.key.upper()}，{key_label(binding)}）",
                    _help(binding, a.mode),
                    lambda m=a.mode, action=binding.action: self.call_later(self._run_in_area, m, action),
                )
        yield SystemCommand("帮助：快捷键一览（F1）", "列出全部快捷键", self.action_help)
        yield SystemCommand("退出（Ctrl+Q）", "关闭支部工作台", self.exit)

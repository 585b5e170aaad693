import io

from generator.adapter.progress import Progress


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_draws_on_a_terminal_and_ends_with_a_newline(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    out = Tty()
    bar = Progress("pages", 3, stream=out, every=0)
    for _ in range(3):
        bar.step()
    assert "3/3" in out.getvalue() and out.getvalue().endswith("\n")


def test_progress_is_silent_in_ci_and_when_redirected(monkeypatch):
    monkeypatch.setenv("CI", "true")
    out = Tty()
    Progress("pages", 3, stream=out, every=0).step()
    assert out.getvalue() == ""
    monkeypatch.delenv("CI")
    plain = io.StringIO()
    Progress("pages", 3, stream=plain, every=0).step()
    assert plain.getvalue() == ""

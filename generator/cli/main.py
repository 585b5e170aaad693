"""Command line: python -m generator check|build|serve|describe|score|schemas|new.

Exit status: 0 done; 1 invalid project or failed build; 2 bad arguments or bad
answers (one line on stderr); 130 interrupted (Ctrl-C); 141 stdout closed early.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from ..source.errors import ValidationError, shown

ROOT = Path.cwd()
MAX_ANSWERS = 1_000_000  # characters, as in the browser: an answers file is a few kilobytes
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell shows for Ctrl-C
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a C program killed by a closed pipe gives


def _project(root: Path):
    from ..source.project import load_project

    return load_project(root)


def cmd_check(args) -> int:
    import os

    from ..source import errors

    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "plain")
    started = time.perf_counter()
    try:
        project = _project(args.root)
    except ValidationError as exc:
        if fmt == "json":
            print(errors.json_report(exc.diagnostics))
            return 1
        print(exc.report(), file=sys.stderr)
        if fmt == "github":
            _github_report(exc.diagnostics)
        return 1
    ok = (f"Tout est valide : {len(project.guide_pages)} pages du guide, {len(project.fiches)} fiches, "
          f"{len(project.clusters)} clusters, {len(project.referentials)} référentiels, "
          f"{len(project.companies)} entreprises, {len(project.benchmarks)} synthèse(s) publiée(s) "
          f"({time.perf_counter() - started:.2f} s).")
    if fmt == "json":
        print(errors.json_report([]))
        return 0
    print(ok)
    if fmt == "github":
        _github_report([], ok)
    return 0


def _github_report(diagnostics, ok: str = "") -> None:
    """Annotations on stdout (GitHub reads workflow commands there) and the job summary."""
    import os

    from ..source.errors import step_summary, workflow_command

    for d in diagnostics:
        print(workflow_command(d))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as f:
            f.write(step_summary(diagnostics, ok))


def cmd_build(args) -> int:
    from ..adapter.build import BuildFailed, build_site
    from ..adapter.driver import setup_logging

    setup_logging(args.verbose)
    try:
        seconds = build_site(args.root, args.site_dir, strict=args.strict)
    except BuildFailed as exc:
        print(f"\nÉchec de la construction : {exc}\nLe dossier {args.site_dir} n'a pas été modifié.", file=sys.stderr)
        return 1
    print(f"Site construit dans {args.site_dir} en {seconds:.1f} s.")
    return 0


def cmd_serve(args) -> int:
    from ..adapter.driver import mkdocs_serve, setup_logging

    # MkDocs' own command sets up its log; called from here, the editor saw
    # neither the address to open nor the errors of a rebuild.
    setup_logging(args.verbose)
    mkdocs_serve(args.root / "mkdocs.yml", args.dev_addr)
    return 0


def _die(message: str) -> int:
    print(f"erreur : {shown(message)}", file=sys.stderr)
    return 2


def _referentials(args, wanted: str | None):
    """The project's referentials (or the one asked for), or the exit status of the failure."""
    try:
        project = _project(args.root)
    except ValidationError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    if wanted is not None and wanted not in project.referentials:
        return _die(f"référentiel inconnu '{wanted}' (connus : {', '.join(project.referentials)})")
    return [project.referentials[wanted]] if wanted else list(project.referentials.values())


def cmd_describe(args) -> int:
    from .describe import describe

    refs = _referentials(args, args.id)
    if isinstance(refs, int):
        return refs
    data = [describe(r) for r in refs]
    print(json.dumps(data[0] if args.id else data, ensure_ascii=False, indent=2))
    return 0


def cmd_score(args) -> int:
    from ..scoring import AnswerError, score

    refs = _referentials(args, args.id)
    if isinstance(refs, int):
        return refs
    ref = refs[0]
    name = args.answers  # the caller's own argument: shown whole (escaped by _die)
    try:
        if args.answers == "-":
            text = sys.stdin.read(MAX_ANSWERS + 1)
        else:
            with open(args.answers, encoding="utf-8-sig") as f:
                text = f.read(MAX_ANSWERS + 1)
    except OSError as exc:
        return _die(f"lecture impossible de {name} : {exc.strerror or exc}")
    except UnicodeDecodeError:
        return _die(f"lecture impossible de {name} : ce fichier n'est pas encodé en UTF-8")
    if len(text) > MAX_ANSWERS:
        return _die(f"{name}: fichier trop volumineux pour des réponses (plus de {MAX_ANSWERS} caractères)")
    try:
        answers = json.loads(text)
    except json.JSONDecodeError as exc:
        return _die(f"{name}:{exc.lineno}:{exc.colno}: JSON invalide : {exc.msg}")
    except RecursionError:
        return _die(f"{name}: JSON trop imbriqué "
                    "(des réponses sont un objet {\"critère\": valeur} sans imbrication)")
    except ValueError:  # an integer beyond Python's 4,300 digits
        return _die(f"{name}: nombre trop long dans le JSON (une réponse est un texte ou un petit entier)")
    try:
        result = score(ref, answers)
    except AnswerError as exc:
        return _die(f"{name}: {exc}")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def cmd_schemas(args) -> int:
    from .schemas import write_schemas

    for path in write_schemas(args.root / "schemas"):
        print(path.relative_to(args.root))
    return 0


def cmd_new(args) -> int:
    from .scaffold import ScaffoldError, new_file

    try:
        path = new_file(args.root, args.kind, args.name, args.depuis)
    except ScaffoldError as exc:
        return _die(str(exc))
    print(f"Créé : {path.relative_to(args.root)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Générateur du site RSE des pôles et clusters.")
    parser.add_argument("--root", type=Path, default=ROOT, help="dossier du projet (par défaut : le dossier courant)")
    sub = parser.add_subparsers(dest="command", required=True)
    ch = sub.add_parser("check", help="valider content/ et data/ sans construire")
    ch.add_argument("--format", choices=["plain", "github", "json"], default=None,
                    help="plain : messages lisibles (par défaut) ; github : aussi des annotations de pull request "
                         "et un résumé (par défaut si GITHUB_ACTIONS=true) ; json : les diagnostics en JSON")
    ch.set_defaults(func=cmd_check)
    b = sub.add_parser("build", help="construire le site (MkDocs puis Pagefind), atomiquement")
    b.add_argument("--site-dir", type=Path, default=Path("site"))
    b.add_argument("--strict", action="store_true", help="les avertissements de MkDocs deviennent des erreurs")
    b.add_argument("-v", "--verbose", action="store_true")
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("serve", help="prévisualiser avec rechargement automatique")
    s.add_argument("--dev-addr", default=None, help="adresse:port (par défaut 127.0.0.1:8000)")
    s.add_argument("-v", "--verbose", action="store_true")
    s.set_defaults(func=cmd_serve)
    d = sub.add_parser("describe", help="décrire un référentiel (ou tous) en JSON")
    d.add_argument("id", nargs="?")
    d.set_defaults(func=cmd_describe)
    sc = sub.add_parser("score", help="calculer le score de réponses JSON")
    sc.add_argument("id")
    sc.add_argument("--answers", required=True, help="fichier JSON {\"critère\": valeur} ou - pour l'entrée standard")
    sc.set_defaults(func=cmd_score)
    sub.add_parser("schemas", help="régénérer les schémas JSON de schemas/").set_defaults(func=cmd_schemas)
    n = sub.add_parser("new", help="créer un fichier de départ valide")
    n.add_argument("kind", choices=["entreprise", "fiche", "cluster", "referentiel", "synthese"])
    n.add_argument("name", help="identifiant (minuscules, chiffres, tirets)")
    n.add_argument("--depuis", type=Path, default=None,
                   help="synthese : le fichier JSON exporté depuis la page « Synthèse » de l'auto-diagnostic")
    n.set_defaults(func=cmd_new)
    args = parser.parse_args(argv)
    args.root = args.root.resolve()
    try:
        status = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at exit
    except KeyboardInterrupt:
        # Ctrl-C is the user's choice, not a failure to explain: no traceback.
        # A build cleans its temporary folder on the way out (build.py).
        print("\nInterrompu.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `describe | head`: the reader left. Python would complain again when
        # flushing stdout at exit, so point it at /dev/null.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    return status

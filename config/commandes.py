"""Management commands that speak French: argparse's own messages (a missing or unknown argument,
a value outside its choices) and the help's headings are English; an administrator reads them in
French. A command inherits `CommandeEnFrancais` instead of `BaseCommand`."""

import re
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

# argparse's messages (Python 3.11), as (pattern, French); the first match wins.
_MESSAGES = [
    (r"the following arguments are required: (.+)", r"arguments obligatoires manquants : \1"),
    (r"one of the arguments (.+) is required", r"l'un des arguments \1 est obligatoire"),
    (r"unrecognized arguments: (.+)", r"arguments inconnus : \1"),
    (
        r"argument (\S+): invalid choice: '?(.*?)'? \(choose from (.+)\)",
        r"argument \1 : valeur « \2 » refusée (valeurs possibles : \3)",
    ),
    (r"argument (\S+): invalid (\S+) value: (.+)", r"argument \1 : valeur \3 invalide (\2 attendu)"),
    (r"argument (\S+): expected one argument", r"argument \1 : une valeur est attendue"),
    (r"argument (\S+): expected at most one argument", r"argument \1 : une valeur au plus est attendue"),
    (r"argument (\S+): expected at least one argument", r"argument \1 : au moins une valeur est attendue"),
    (r"argument (\S+): not allowed with argument (\S+)", r"argument \1 : incompatible avec \2"),
    (r"argument (\S+): ignored explicit argument (.+)", r"argument \1 : valeur \2 inattendue"),
    (r"ambiguous option: (\S+) could match (.+)", r"option ambiguë : \1 peut désigner \2"),
]

# The help of the options every command has (Django's and argparse's own).
_AIDES = {
    "help": "Affiche cette aide et s'arrête.",
    "version": "Affiche la version du programme et s'arrête.",
    "verbosity": "Niveau de détail : 0 = rien, 1 = normal, 2 = détaillé, 3 = très détaillé.",
    "settings": "Module de réglages Python (« config.settings.local »), sinon DJANGO_SETTINGS_MODULE.",
    "pythonpath": "Répertoire à ajouter au chemin de recherche de Python (« /home/projets/monprojet »).",
    "traceback": "Affiche la pile d'appels en cas d'erreur (CommandError).",
    "no_color": "N'utilise pas de couleurs dans la sortie de la commande.",
    "force_color": "Force les couleurs dans la sortie de la commande.",
    "skip_checks": "Ne lance pas les vérifications du système.",
}

_TITRES = {"positional arguments": "arguments", "options": "options"}


def en_francais(message: str) -> str:
    """argparse's `message` in French (unchanged when it is not one of argparse's)."""
    for motif, francais in _MESSAGES:
        traduit, n = re.subn(f"^{motif}$", francais, message)
        if n:
            return traduit
    return message


class ParserEnFrancais(CommandParser):
    """Django's parser, its messages and headings in French."""

    def format_usage(self):
        return super().format_usage().replace("usage: ", "utilisation : ", 1)

    def format_help(self):
        return super().format_help().replace("usage: ", "utilisation : ", 1)

    def error(self, message):
        message = en_francais(message)
        if self.called_from_command_line:
            self.print_usage(sys.stderr)
            self.exit(2, f"{self.prog} : erreur : {message}\n")
        raise CommandError(f"Erreur : {message}")


class CommandeEnFrancais(BaseCommand):
    """A management command whose argument errors and help read in French."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # Django builds its own CommandParser; ours only adds behaviour, no state.
        parser.__class__ = ParserEnFrancais
        for groupe in parser._action_groups:
            groupe.title = _TITRES.get(groupe.title, groupe.title)
        for action in parser._actions:
            if action.dest in _AIDES:
                action.help = _AIDES[action.dest]
        return parser

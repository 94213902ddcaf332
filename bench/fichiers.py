"""What freeing a dropped month's files costs the filesystem alone, outside PostgreSQL (figure 10's
« purge d'un mois en tout » row): a small and a large file written, synced and dropped from the page
cache — as a year-old month's files are —, then truncated to zero as PostgreSQL's DROP TABLE does at
commit. Prints both times, their ratio and the mount options of the filesystem (`discard`: every
freed block is trimmed at once, a cost that grows with the file).

    .venv/bin/python bench/fichiers.py [directory, default: PostgreSQL's data directory or /tmp]
"""

import os
import sys
import tempfile
import time
from pathlib import Path

PETIT, GRAND = 6, 320  # MiB: a month of 70 000 journal rows, of 3.4 million (their heap and indexes)


def dossier_par_defaut() -> Path:
    for candidat in (Path("/var/lib/postgresql"), Path(tempfile.gettempdir())):
        if candidat.is_dir() and os.access(candidat, os.W_OK):
            return candidat
    return Path.cwd()


def options_de_montage(chemin: Path) -> str:
    """The mount options of the filesystem holding `chemin` (the longest mount point above it)."""
    meilleur = ("", "")
    for ligne in Path("/proc/mounts").read_text().splitlines():
        _, point, type_, options, *_ = ligne.split()
        if str(chemin.resolve()).startswith(point) and len(point) > len(meilleur[0]):
            meilleur = (point, f"{type_} {options}")
    return meilleur[1] or "inconnues"


def liberer(dossier: Path, mio: int) -> float:
    """Seconds to truncate a synced, uncached file of `mio` MiB to zero."""
    chemin = dossier / f"bench-fichiers-{os.getpid()}-{mio}"
    bloc = os.urandom(1 << 20)
    try:
        with open(chemin, "wb") as fichier:
            for _ in range(mio):
                fichier.write(bloc)
            fichier.flush()
            os.fsync(fichier.fileno())
            os.posix_fadvise(fichier.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        debut = time.perf_counter()
        os.truncate(chemin, 0)
        return time.perf_counter() - debut
    finally:
        chemin.unlink(missing_ok=True)


def main() -> None:
    dossier = Path(sys.argv[1]) if len(sys.argv) > 1 else dossier_par_defaut()
    petit = min(liberer(dossier, PETIT) for _ in range(3))
    grand = min(liberer(dossier, GRAND) for _ in range(3))
    print(f"Système de fichiers de {dossier} : {options_de_montage(dossier)}")
    print(f"Libérer {PETIT} Mio : {petit * 1000:.1f} ms ; {GRAND} Mio : {grand * 1000:.1f} ms ; "
          f"rapport {grand / petit:.1f} (tailles : {GRAND / PETIT:.0f})")  # fmt: skip


if __name__ == "__main__":
    main()
